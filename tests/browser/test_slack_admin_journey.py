"""Staff name a class's Slack channel, students enroll, and staff see in the admin who is in,
who is not in the workspace yet, and whose sync failed with which error (the Slack double)."""

import re

import pytest
from playwright.sync_api import expect

from courses.services import enrollment_create
from tests.browser.conftest import screenshot
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory, VerifiedUserFactory
from tests.factories.courses import CohortFactory
from tests.slack_double import fixtures as slack_double_fixtures

slack_double_server = slack_double_fixtures.slack_double_server
slack_double = slack_double_fixtures.slack_double

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_name_the_channel_and_see_each_membership_state(browser_page, slack_double, settings):
    settings.SLACK_INVITE_URL = "https://join.slack.com/t/institute/shared_invite/zt-journey"
    cohort = CohortFactory(name="May 2026 class")
    staff = VerifiedUserFactory(email="staff@example.com", is_staff=True, is_superuser=True)

    page = browser_page
    page.goto("/admin/login/")
    page.fill("input[name=username]", staff.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto("/admin/slack/channels/new/")
    page.select_option("select[name=cohort]", str(cohort.pk))
    page.fill("input[name=name]", "pm-may-2026")
    page.locator("form button[type=submit]").filter(
        has_text=re.compile("Create|Save")
    ).first.click()
    expect(page.get_by_role("link", name="pm-may-2026")).to_be_visible()
    screenshot(page, "slack-channels")

    ada = UserFactory(email="ada@example.com")
    slack_double.user_add(ada.email)
    bob = UserFactory(email="bob@example.com")  # not in the workspace
    carol = UserFactory(email="carol@example.com")
    slack_double.user_add(carol.email)
    enrollment_create(user=ada, cohort=cohort, source="staff")
    enrollment_create(user=bob, cohort=cohort, source="staff")
    slack_double.fail("conversations.invite", status=503, times=3)
    enrollment_create(user=carol, cohort=cohort, source="staff")
    assert slack_double.emails_in("pm-may-2026") == {"ada@example.com"}

    page.goto("/admin/slack/memberships/")
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="ada@example.com")).to_contain_text("In the channel")
    expect(rows.filter(has_text="bob@example.com")).to_contain_text("Not in the workspace")
    expect(rows.filter(has_text="carol@example.com")).to_contain_text(
        "conversations_invite: HTTP 503"
    )
    screenshot(page, "slack-memberships")

    page.goto("/admin/slack/memberships/?actual=pending")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("carol@example.com")
