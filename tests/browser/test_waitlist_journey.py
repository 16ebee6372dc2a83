"""The waitlist in Chromium against the live server and the local Stripe double.

"Creating Effective MVPs" has one ticket and Sam bought it. Vera finds the workshop sold out
and joins its waitlist with her email. Sam's ticket is refunded (the refund service, through
the double); Vera gets the offer email, follows its link, signs in and pays on the double's
hosted page: the ticket is hers, and nobody else could have bought it in between."""

import re

import pytest
from playwright.sync_api import expect

from django.core import mail

from engine.capacity import tasks as capacity_tasks
from engine.capacity.models import WaitlistEntry, WaitlistStatus
from payments.models import (
    Order,
    OrderStatus,
    Ticket,
    TicketStatus,
)
from payments.orders import order_checkout_start, order_refund
from payments.waitlist import waitlist_join
from payments.workshops import workshop_tickets_left
from tests.baseline import migrated_baseline
from tests.browser.conftest import screenshot
from tests.factories import TicketFactory, UserFactory, VerifiedUserFactory, WorkshopFactory
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.payments.waitlist_support import offer_emails
from tests.stripe_double import fixtures as stripe_double_fixtures
from tests.worker import wait_for

# The Stripe double's fixtures, for these journeys only.
stripe_double_server = stripe_double_fixtures.stripe_double_server
stripe_double = stripe_double_fixtures.stripe_double

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFER_LINK = re.compile(r"http://\S+/payments/waitlist/offers/[\w-]+/")


@pytest.fixture
def sold_out_workshop(live_server, settings, stripe_double):
    """A one-ticket workshop whose ticket Sam bought (paid on the double, fulfilled)."""
    settings.SITE_URL = live_server.url  # links in emails point at the live server
    migrated_baseline()
    workshop = WorkshopFactory(
        title="Creating Effective MVPs", slug="creating-effective-mvps", capacity=1
    )
    sam = VerifiedUserFactory(email="sam@example.com", first_name="Sam")
    order = order_checkout_start(buyer=sam, target=workshop, site_url=live_server.url).order
    stripe_double.complete_session(order.stripe_session_id)
    assert stripe_double.wait_for_webhooks(timeout=20)
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert workshop_tickets_left(workshop=workshop) == 0
    return workshop, order


def test_a_visitor_joins_the_waitlist_gets_the_refunded_ticket_and_buys_it(
    browser_page, stripe_double, sold_out_workshop
):
    workshop, sams_order = sold_out_workshop
    vera = VerifiedUserFactory(email="vera@example.com", first_name="Vera")
    page = browser_page

    page.goto(workshop.url)
    expect(page.get_by_text("Sold out.").first).to_be_visible()
    assert "``" not in page.inner_text("main")  # no template comment leaks into the page
    screenshot(page, "waitlist-workshop-sold-out")
    page.get_by_label("Your email").fill("Vera@Example.com")
    page.get_by_role("button", name="Join the waitlist").click()
    expect(
        page.get_by_role("heading", name="You're on the waitlist for Creating Effective MVPs")
    ).to_be_visible()
    expect(page.get_by_text("You are first in line.")).to_be_visible()
    screenshot(page, "waitlist-joined")
    entry = WaitlistEntry.objects.get(kind="workshop", target_id=workshop.pk)
    assert (entry.email, entry.status) == ("vera@example.com", WaitlistStatus.WAITING)
    assert wait_for(lambda: any(m.to == ["vera@example.com"] for m in mail.outbox), timeout=10)
    (confirmation,) = [m for m in mail.outbox if m.to == ["vera@example.com"]]
    assert "first in line" in confirmation.body

    # Staff refund Sam's ticket; the freed place is offered to Vera once that commits (by
    # this call, or by the double's charge.refunded webhook if the live server gets there first).
    order_refund(order=sams_order)
    assert stripe_double.wait_for_webhooks(timeout=20)
    assert wait_for(
        lambda: WaitlistEntry.objects.get(pk=entry.pk).status == WaitlistStatus.OFFERED,
        timeout=20,
    )
    entry.refresh_from_db()

    assert wait_for(lambda: offer_emails(mail.outbox), timeout=10)
    (offer,) = offer_emails(mail.outbox)
    assert offer.to == ["vera@example.com"]
    assert offer.subject.endswith("A place in Creating Effective MVPs is yours for 24 hours")
    assert "Take my place" in offer.alternatives[0][0]
    link = OFFER_LINK.search(offer.body).group(0)

    # Meanwhile the workshop stays sold out for everyone else.
    page.goto(workshop.url)
    expect(page.get_by_text("Sold out.").first).to_be_visible()

    page.goto(link)
    expect(
        page.get_by_role("heading", name="A place in Creating Effective MVPs is held for you")
    ).to_be_visible()
    screenshot(page, "waitlist-offer")
    page.get_by_role("button", name="Continue to payment").click()
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("Email").fill(vera.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/payments/waitlist/offers/**")
    page.get_by_role("button", name="Continue to payment").click()

    page.wait_for_url(f"{stripe_double.url}/checkout/**")
    assert "TEST MODE" in page.content()
    screenshot(page, "waitlist-hosted-checkout")
    page.get_by_role("button", name=re.compile(r"^Pay [\d,.]+ [A-Z]{3}$")).click()
    page.wait_for_url(re.compile(r".*/payments/orders/\d+/$"), timeout=30_000)
    screenshot(page, "waitlist-paid")

    order = Order.objects.get(buyer=vera)
    assert (order.status, order.adopted_hold) == (OrderStatus.FULFILLED, entry.hold_reference)
    ticket = Ticket.objects.get(order=order)
    assert (ticket.holder, ticket.status) == (vera, TicketStatus.ACTIVE)
    capacity_tasks.waitlist_sweep.delay()  # what beat runs every five minutes
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.CONVERTED
    assert workshop_tickets_left(workshop=workshop) == 0

    page.goto(workshop.url)
    expect(page.get_by_text("You have 1 ticket.")).to_be_visible()
    screenshot(page, "waitlist-workshop-ticket-holder")


def test_staff_reorder_a_waitlist_in_the_admin(browser_page, live_server, settings):
    migrated_baseline()
    workshop = WorkshopFactory(title="Creating Effective MVPs", capacity=1)
    TicketFactory(workshop=workshop)
    for email in ("ada@example.com", "bob@example.com", "cy@example.com"):
        waitlist_join(target=workshop, email=email)
    staff = UserFactory(is_staff=True, is_superuser=True, email="staff@example.com")
    page = browser_page
    page.goto("/admin/login/")
    page.fill("input[name=username]", staff.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto("/admin/payments/waitlists/overview/")
    page.get_by_role("link", name="Creating Effective MVPs").click()
    expect(page.get_by_role("heading", name="Waitlist: Creating Effective MVPs")).to_be_visible()
    page.get_by_role("button", name="Move cy@example.com up").click()
    expect(page.get_by_text("Moved cy@example.com up.")).to_be_visible()
    screenshot(page, "waitlist-admin-reordered")
    emails = list(
        WaitlistEntry.objects.filter(kind="workshop", target_id=workshop.pk).values_list(
            "email", flat=True
        )
    )
    assert emails == ["ada@example.com", "cy@example.com", "bob@example.com"]
