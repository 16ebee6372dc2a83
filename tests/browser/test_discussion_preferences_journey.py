"""A student goes from the notifications page to the email preferences page and chooses a
daily discussion digest at 7 in the morning, in Chromium."""

import pytest
from playwright.sync_api import expect

from community.discussions.models import DiscussionPreference
from tests.browser.conftest import screenshot, sign_in
from tests.factories.accounts import VerifiedUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_student_chooses_a_daily_discussion_digest(browser_page):
    student = VerifiedUserFactory(first_name="Ada")
    page = browser_page
    sign_in(page, student.email)
    page.goto("/discussions/notifications/")
    page.get_by_role("link", name="email preferences").click()
    expect(page.locator("#discussions legend")).to_contain_text("coaches' answers")
    page.get_by_label("One email a day").check()
    page.get_by_label("Digest hour (0-23, your local time)").fill("7")
    page.get_by_label("Your time zone").fill("Europe/Lisbon")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved:")).to_be_visible()
    expect(page.get_by_label("One email a day")).to_be_checked()
    screenshot(page, "discussion-preferences")
    page.screenshot(path="/tmp/discapi-preferences.png", full_page=True)
    row = DiscussionPreference.objects.get(user=student)
    assert (row.delivery, row.digest_hour, row.timezone) == ("digest", 7, "Europe/Lisbon")
