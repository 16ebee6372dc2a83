"""A student buys a workshop ticket in Chromium: the page says how many are left, payment
happens on the Stripe double's hosted page, and the venue appears once they hold a ticket;
then the workshop sells out and says so."""

import re

import pytest

from django.core import mail

from payments.models import Order, OrderStatus, Ticket, TicketStatus
from tests.baseline import migrated_baseline
from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_purchase_journeys import pay_on_the_hosted_page
from tests.factories import TicketFactory, VerifiedUserFactory, WorkshopFactory
from tests.factories.editorial import CoachFactory
from tests.stripe_double import fixtures as stripe_double_fixtures

stripe_double_server = stripe_double_fixtures.stripe_double_server
stripe_double = stripe_double_fixtures.stripe_double

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workshop(live_server, settings):
    settings.SITE_URL = live_server.url
    migrated_baseline()
    return WorkshopFactory(
        title="Creating Effective MVPs",
        slug="creating-effective-mvps",
        capacity=20,
        summary="One day to turn a risky idea into the smallest test that tells you whether "
        "to build it.",
        what_you_learn="<ul><li>Name the riskiest assumption behind an idea</li>"
        "<li>Pick the cheapest experiment that can prove it wrong</li>"
        "<li>Read the results without fooling yourself</li></ul>",
        who_should_attend="<p>Product managers, founders and designers about to commit a "
        "team to something new.</p>",
        instructor=CoachFactory(name="Dana Reyes", role="Lead coach, former VP Product"),
        online_url="",
    )


def test_a_student_buys_a_ticket_then_the_workshop_sells_out(browser_page, stripe_double, workshop):
    TicketFactory.create_batch(12, workshop=workshop)
    student = VerifiedUserFactory(email="sam@example.com", first_name="Sam")
    page = browser_page
    page.goto(workshop.url)
    assert page.get_by_text("8 tickets left").is_visible()
    assert "120 Market Street" not in page.content()
    screenshot(page, "workshop-available")

    sign_in(page, student.email)
    page.goto(workshop.url)
    page.get_by_role("button", name="Buy a ticket").click()
    page.wait_for_url(f"{stripe_double.url}/checkout/**")
    assert "600.00 USD" in page.content()
    pay_on_the_hosted_page(page, stripe_double, "workshop-hosted-checkout")
    assert page.get_by_role(
        "heading", name=re.compile("Payment received — your ticket is confirmed")
    ).is_visible()
    order = Order.objects.get(buyer=student)
    assert order.status == OrderStatus.FULFILLED
    assert Ticket.objects.get(order=order).status == TicketStatus.ACTIVE
    assert any(m.attachments for m in mail.outbox if m.to == [student.email])

    page.goto(workshop.url)
    assert page.get_by_text("7 tickets left").is_visible()
    assert page.get_by_text("120 Market Street").is_visible()
    screenshot(page, "workshop-ticket-holder")

    TicketFactory(workshop=workshop, quantity=7)
    page.goto(workshop.url)
    assert page.get_by_text("Sold out.").is_visible()
    assert page.get_by_role("button", name="Buy a ticket").count() == 0
    screenshot(page, "workshop-sold-out")
