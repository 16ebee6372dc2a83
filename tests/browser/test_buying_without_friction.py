"""Buying without friction, in Chromium against the live server and the Stripe double (issue
14, items 1 and 2): an anonymous visitor picks a class with APRIL17, signs up, verifies from
the email and lands on the checkout with the same choice; a buyer abandons a checkout, comes
back to the buy page and resumes it."""

import re

import pytest

from django.core import mail

from payments.models import Order, OrderStatus
from tests.browser import test_purchase_journeys as purchase_journeys
from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_purchase_journeys import pay_on_the_hosted_page
from tests.factories import VerifiedUserFactory

# The purchase journeys' school and Stripe double, for these journeys too.
school = purchase_journeys.school
stripe_double_server = purchase_journeys.stripe_double_server
stripe_double = purchase_journeys.stripe_double

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-private-passphrase"


def choose(page, *, tier: str, code: str) -> None:
    page.goto("/payments/buy/april-2027/")
    page.get_by_role("radio", name=re.compile(rf"^{tier}")).check()
    page.get_by_label("Discount code").fill(code)


def test_a_visitor_signs_up_mid_purchase_and_lands_on_the_same_choice(
    browser_page, stripe_double, school
):
    page = browser_page
    choose(page, tier="Executive", code="APRIL17")
    page.get_by_role("button", name="Continue to payment").click()

    page.wait_for_url("**/accounts/login/**")
    page.get_by_role("link", name=re.compile("sign up", re.IGNORECASE)).first.click()
    page.wait_for_url("**/accounts/signup/**")
    page.get_by_label("First name").fill("Nell")
    page.get_by_label("Email").fill("newbuyer@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")

    message = next(m for m in mail.outbox if m.to == ["newbuyer@example.com"])
    page.goto(re.search(r"http://\S+/accounts/confirm-email/\S+/", message.body).group(0))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/login/")
    page.get_by_label("Email").fill("newbuyer@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.wait_for_url("**/payments/buy/april-2027/?*")
    assert page.get_by_label(re.compile("Executive")).is_checked()
    assert page.get_by_label("Discount code").input_value() == "APRIL17"
    quote = page.locator(".quote").inner_text()
    assert "Discount APRIL17" in quote and "$2,400.00" in quote
    screenshot(page, "buying-back-after-sign-up")

    page.get_by_role("button", name="Continue to payment").click()
    page.wait_for_url(f"{stripe_double.url}/checkout/**")
    assert "Discount (APRIL17)" in page.content()
    order = Order.objects.get(buyer__email="newbuyer@example.com")
    assert (order.tier, order.seats, order.discount_code.code) == ("executive", 1, "APRIL17")


def test_a_buyer_abandons_a_checkout_comes_back_and_resumes_it(browser_page, stripe_double, school):
    buyer = VerifiedUserFactory(email="back@example.com")
    page = browser_page
    sign_in(page, buyer.email)
    choose(page, tier="Standard", code="APRIL17")
    page.get_by_role("button", name="Continue to payment").click()
    page.wait_for_url(f"{stripe_double.url}/checkout/**")
    hosted = page.url

    page.goto("/payments/buy/april-2027/")  # walked away, came back
    offer = page.get_by_test_id("open-checkout")
    assert "Your checkout is still open" in offer.inner_text()
    assert "code APRIL17" in offer.inner_text()
    screenshot(page, "buying-open-checkout")
    offer.get_by_role("link", name="Resume payment").click()

    page.wait_for_url(f"{stripe_double.url}/checkout/**")
    assert page.url == hosted
    pay_on_the_hosted_page(page, stripe_double, "buying-resumed-checkout")
    assert page.get_by_role("heading", name="Payment received — you're enrolled").is_visible()
    (order,) = Order.objects.filter(buyer=buyer)
    assert (order.status, order.amount_paid) == (OrderStatus.FULFILLED, 140_000)
