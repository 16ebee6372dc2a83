"""A newcomer signs up, confirms their address from the email, signs in and out, in Chromium."""

import re

import pytest

from django.core import mail

from demo.school import seed_home_page
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-private-passphrase"


def test_sign_up_verify_sign_in_sign_out(browser_page):
    seed_home_page(report=print)
    page = browser_page
    page.goto("/accounts/signup/")
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Email").fill("newcomer@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(PASSWORD)
    screenshot(page, "account-signup")
    page.get_by_role("button", name="Sign Up").click()

    page.wait_for_url("**/accounts/confirm-email/")
    assert "Verify Your Email Address" in page.content()

    message = next(m for m in mail.outbox if m.to == ["newcomer@example.com"])
    assert message.body.startswith("Hello Grace,")
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    screenshot(page, "account-confirm")
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_url("**/accounts/login/")
    page.get_by_label("Email").fill("newcomer@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.wait_for_url("**/dashboard/")  # LOGIN_REDIRECT_URL: the student dashboard
    assert page.get_by_role("heading", name="My courses").is_visible()
    page.get_by_role("button", name="Grace").click()  # the account menu, named after them
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert "newcomer@example.com" in page.content()
    screenshot(page, "account-signed-in")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Sign in").is_visible()
