"""Buying in Chromium against the live server and the local Stripe double's hosted checkout.

A student buys a place with APRIL17; an executive buys six seats, invites two colleagues
who sign up, confirm their address, sign in and land with their seat in the class. Payment
happens on the double's hosted page; its webhooks reach the live server signed."""

import re

import pytest

from django.core import mail

from courses.models import Enrollment, EnrollmentSource, EnrollmentStatus
from payments.models import Order, OrderStatus, Team
from tests.baseline import migrated_baseline
from tests.browser.conftest import screenshot, sign_in
from tests.factories import (
    DiscountCodeFactory,
    VerifiedUserFactory,
    on_sale_cohort,
    standard_bands,
)
from tests.factories.courses import course_home
from tests.stripe_double import fixtures as stripe_double_fixtures

# The Stripe double's fixtures, for these journeys only.
stripe_double_server = stripe_double_fixtures.stripe_double_server
stripe_double = stripe_double_fixtures.stripe_double

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a-long-and-private-passphrase"


@pytest.fixture
def school(live_server, settings):
    """A live home page, an open class with both tiers priced, the group bands and APRIL17."""
    settings.SITE_URL = live_server.url  # links in emails point at the live server
    migrated_baseline()
    course_home()
    cohort = on_sale_cohort(name="April 2027 class", slug="april-2027", capacity=30)
    standard_bands()
    DiscountCodeFactory(code="APRIL17", cohorts=[cohort], amount_off=10_000)
    return cohort


def pay_on_the_hosted_page(page, stripe_double, name: str) -> None:
    page.wait_for_url(f"{stripe_double.url}/checkout/**")
    assert "TEST MODE" in page.content()
    screenshot(page, name)
    page.get_by_role("button", name=re.compile(r"^Pay [\d,.]+ [A-Z]{3}$")).click()
    page.wait_for_url(re.compile(r".*/payments/orders/\d+/$"), timeout=30_000)


def test_a_student_buys_a_place_with_april17(browser_page, stripe_double, school):
    student = VerifiedUserFactory(email="sam@example.com", first_name="Sam")
    page = browser_page
    sign_in(page, student.email)

    page.goto("/payments/classes/")
    assert page.get_by_text("$1,500.00").first.is_visible()
    screenshot(page, "purchase-classes")
    page.get_by_role("link", name="Buy a place in April 2027 class").click()
    page.get_by_role("radio", name=re.compile(r"^Standard")).check()
    page.get_by_label("Discount code").fill("april17")
    page.get_by_role("button", name="Check the price").click()
    quote = page.locator(".quote")
    assert "Discount APRIL17" in quote.inner_text()
    assert "$1,400.00" in quote.inner_text()
    screenshot(page, "purchase-quote-april17")

    page.get_by_role("button", name="Continue to payment").click()
    page.wait_for_url(f"{stripe_double.url}/checkout/**")
    hosted = page.content()
    assert "Discount (APRIL17)" in hosted
    assert "1,400.00 USD" in hosted
    pay_on_the_hosted_page(page, stripe_double, "purchase-hosted-checkout")

    assert page.get_by_role("heading", name="Payment received — you're enrolled").is_visible()
    screenshot(page, "purchase-enrolled")
    order = Order.objects.get(buyer=student)
    assert (order.status, order.amount_paid, order.discount_code.code) == (
        OrderStatus.FULFILLED,
        140_000,
        "APRIL17",
    )
    enrollment = Enrollment.objects.get(user=student, cohort=school)
    assert enrollment.status == EnrollmentStatus.ACTIVE
    assert any(
        m.subject.endswith("April 2027 class") and "Receipt" in m.subject for m in mail.outbox
    )

    page.goto("/payments/orders/")
    assert page.get_by_role("link", name=f"#{order.pk}").is_visible()
    screenshot(page, "purchase-order-history")


def test_an_executive_buys_six_seats_and_two_colleagues_sign_up_into_the_class(
    browser_page, new_browser_page, stripe_double, school
):
    executive = VerifiedUserFactory(email="erin@example.com", first_name="Erin", last_name="Exec")
    page = browser_page
    sign_in(page, executive.email)

    page.goto("/payments/buy/april-2027/")
    page.get_by_role("radio", name=re.compile(r"^Executive")).check()
    page.get_by_label("Seats").fill("6")
    page.get_by_role("button", name="Check the price").click()
    assert "group price, 10% off" in page.locator(".quote").inner_text()
    assert "$13,500.00" in page.locator(".quote").inner_text()
    page.get_by_role("button", name="Continue to payment").click()
    pay_on_the_hosted_page(page, stripe_double, "purchase-team-hosted-checkout")
    assert page.get_by_role("heading", name=re.compile("your team's seats are ready")).is_visible()

    page.get_by_role("link", name="Manage your team").click()
    team = Team.objects.get(owner=executive)
    assert team.seats_total == 6
    colleagues = ["ana@example.com", "ben@example.com"]
    for email in colleagues:
        page.get_by_label("Colleague's email").fill(email)
        page.get_by_role("button", name="Send invitation").click()
        assert page.get_by_text(f"Invitation sent to {email}.").is_visible()
    screenshot(page, "purchase-team-invited")

    for email in colleagues:
        invitation = next(m for m in mail.outbox if m.to == [email])
        link = re.search(r"http://\S+/payments/invitations/\S+/", invitation.body).group(0)
        colleague = new_browser_page()
        colleague.goto(link)
        assert colleague.get_by_role(
            "heading", name="A seat for you in April 2027 class"
        ).is_visible()
        colleague.get_by_role("link", name="Create my account").click()
        colleague.get_by_label("First name").fill(email.split("@")[0].title())
        colleague.get_by_label("Email").fill(email)
        colleague.get_by_label(re.compile(r"^Password:?$")).fill(NEW_PASSWORD)
        colleague.get_by_label(re.compile(r"^Password \(again\)")).fill(NEW_PASSWORD)
        colleague.get_by_role("button", name="Sign Up").click()
        colleague.wait_for_url("**/accounts/confirm-email/")

        confirmation = next(m for m in mail.outbox if m.to == [email] and "confirm-email" in m.body)
        confirm = re.search(r"http://\S+/accounts/confirm-email/\S+/", confirmation.body)
        colleague.goto(confirm.group(0))
        colleague.get_by_role("button", name="Confirm").click()
        colleague.wait_for_url("**/accounts/login/**")
        sign_in(colleague, email, NEW_PASSWORD)
        assert colleague.get_by_text(
            "Welcome! You have a seat in April 2027 class, which starts on"
        ).is_visible()
        screenshot(colleague, f"purchase-colleague-landed-{email.split('@')[0]}")
        enrollment = Enrollment.objects.get(user__email=email, cohort=school)
        assert (enrollment.source, enrollment.status) == (
            EnrollmentSource.TEAM_SEAT,
            EnrollmentStatus.ACTIVE,
        )

    page.reload()
    assert "<strong>2</strong> claimed, <strong>4</strong> unclaimed" in page.content()
    screenshot(page, "purchase-team-two-claimed")
