"""Staff generate the next monthly classes from the Wagtail admin in Chromium: preview, then
create; the classes and their prices exist afterwards."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import Cohort
from payments.models import CohortPrice
from tests.browser.conftest import screenshot
from tests.factories import CoursePageFactory
from tests.factories.accounts import DEFAULT_PASSWORD, VerifiedUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_preview_then_create_monthly_classes(browser_page):
    course = CoursePageFactory(title="Product Management", slug="product-management")
    staff = VerifiedUserFactory(email="staff@example.com", is_staff=True, is_superuser=True)

    page = browser_page
    page.goto("/admin/login/")
    page.fill("input[name=username]", staff.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto("/admin/payments/generate-classes/")
    page.select_option("select[name=course]", str(course.pk))
    page.select_option("select[name=ordinal]", "-1")
    page.select_option("select[name=weekday]", "4")
    page.fill("input[name=standard_price]", "150000")
    page.fill("input[name=executive_price]", "250000")
    page.get_by_role("button", name="Preview").click()
    rows = page.locator("[data-class-plan] tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Friday")
    assert Cohort.objects.count() == 0
    expect(page.get_by_role("heading", name="Generate monthly classes").first).to_be_visible()
    rows.last.scroll_into_view_if_needed()
    screenshot(page, "admin-class-generator-preview")

    page.get_by_role("button", name="Create these classes").click()
    expect(page.get_by_text(re.compile(r"Created 3 classes"))).to_be_visible()
    assert Cohort.objects.filter(course=course).count() == 3
    assert CohortPrice.objects.count() == 6
