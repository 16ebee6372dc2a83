"""An editor opens Analytics from the admin menu, reads the charts beside their tables,
narrows the dates (a backwards range is refused with a message) and downloads a table."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from django.contrib.auth.models import Group, Permission

from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.factories.accounts import DEFAULT_PASSWORD, VerifiedUserFactory
from tests.insight.dashboard_school import dashboard_school, more_of_the_same

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_reads_the_dashboard_filters_it_and_downloads_a_table(browser_page):
    school = dashboard_school()
    more_of_the_same(school, 3)
    editor = VerifiedUserFactory(email="editor@example.com")
    # A transactional test's flush empties the groups the migrations made: as they make them.
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_analytics"),
    )
    editor.groups.add(editors)

    page = browser_page
    page.goto("/admin/login/")
    page.fill("input[name=username]", editor.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    page.get_by_role("link", name="Analytics").click()
    page.wait_for_url(re.compile(r"/admin/analytics/$"))
    expect(page.get_by_role("heading", name="Funnel per class")).to_be_visible()
    # Chart.js drew every chart (the vendored script ran) beside its table.
    charts = page.locator("canvas[data-chart]")
    assert charts.count() >= 8
    drawn = page.evaluate(
        "Array.from(document.querySelectorAll('canvas[data-chart]'))"
        ".every(c => Chart.getChart(c) !== undefined)"
    )
    assert drawn
    funnel = page.locator("#funnel_by_class table")
    expect(funnel.locator("tbody tr").first).to_contain_text("April")
    screenshot(page, "analytics-dashboard")
    for key in ("revenue_by_discount_code", "funnel_by_class", "lessons"):
        page.locator(f"#{key}").screenshot(path=str(SCREENSHOTS / f"analytics-{key}.png"))

    page.fill("input[name=from]", "2026-05-01")
    page.fill("input[name=to]", "2026-04-01")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_contain_text("is before 'From'")
    expect(page.locator("#funnel_by_class")).to_have_count(0)

    page.fill("input[name=from]", "2026-03-10")
    page.fill("input[name=to]", "2026-03-10")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".analytics-filter__period")).to_contain_text("10 Mar 2026 to 10 Mar 2026")
    with page.expect_download() as download:
        page.locator("#revenue_by_discount_code").get_by_role("link", name="Download CSV").click()
    text = Path(download.value.path()).read_text()
    assert text.splitlines()[1].startswith("APRIL17,USD,1,900.00")
