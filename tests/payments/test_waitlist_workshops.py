"""Workshop waitlists: the same list and offers as a class, over ticket holds."""

import datetime as dt

import pytest
import time_machine

from django.utils import timezone

from engine.capacity import tasks as capacity_tasks
from engine.capacity.models import Hold, WaitlistEntry, WaitlistStatus
from payments.errors import SoldOut
from payments.models import (
    Order,
    Ticket,
    TicketStatus,
    WorkshopPage,
)
from payments.orders import order_checkout_start
from payments.waitlist import WaitlistError, waitlist_join, waitlist_sweep
from payments.workshops import ticket_end, workshop_tickets_left
from tests.factories import TicketFactory, VerifiedUserFactory, WorkshopFactory

from .conftest import event_of, post_event
from .waitlist_support import offer_emails, offer_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def sold_out():
    """'Creating Effective MVPs' with its two tickets sold."""
    workshop = WorkshopFactory(title="Creating Effective MVPs", slug="mvps", capacity=2)
    tickets = [TicketFactory(workshop=workshop) for _ in range(2)]
    return workshop, tickets


def join_all(workshop, *emails) -> list[WaitlistEntry]:
    return [waitlist_join(target=workshop, email=email).entry for email in emails]


def statuses(*entries) -> list[str]:
    return [WaitlistEntry.objects.get(pk=e.pk).status for e in entries]


def test_a_sold_out_workshop_takes_names_and_one_with_tickets_does_not(sold_out):
    workshop, _ = sold_out
    ada, bob = join_all(workshop, "ada@example.com", "bob@example.com")
    assert (ada.kind, ada.target, ada.position, bob.position) == ("workshop", workshop, 1, 2)
    open_workshop = WorkshopFactory(capacity=5)
    with pytest.raises(WaitlistError, match="still has 5 place"):
        waitlist_join(target=open_workshop, email="ada@example.com")


def test_the_join_page_of_a_workshop_stores_the_address(client, sold_out):
    workshop, _ = sold_out
    response = client.post(f"/payments/waitlist/workshops/{workshop.pk}/", {"email": "ada@x.io"})
    assert response.status_code == 201
    assert "on the waitlist for Creating Effective MVPs" in response.content.decode()
    assert WaitlistEntry.objects.get().target == workshop


def test_a_refunded_ticket_is_offered_to_the_first_person(sold_out, settle, mailoutbox):
    workshop, tickets = sold_out
    ada, bob = join_all(workshop, "ada@example.com", "bob@example.com")
    with settle():
        ticket_end(ticket=tickets[0], status=TicketStatus.REFUNDED, now=timezone.now())
    assert statuses(ada, bob) == [WaitlistStatus.OFFERED, WaitlistStatus.WAITING]
    hold = Hold.objects.get(reference=f"waitlist:{ada.pk}")
    assert (hold.kind, hold.target_id, hold.places) == ("workshop", workshop.pk, 1)
    assert workshop_tickets_left(workshop=workshop) == 0
    (offer,) = offer_emails(mailoutbox)
    assert offer.subject.endswith("A place in Creating Effective MVPs is yours for 24 hours")
    assert offer_token(offer) == WaitlistEntry.objects.get(pk=ada.pk).offer_token


def test_raising_a_workshops_capacity_offers_the_new_tickets(sold_out, settle, mailoutbox):
    workshop, _ = sold_out
    ada, bob, cy = join_all(workshop, "ada@example.com", "bob@example.com", "cy@example.com")
    page = WorkshopPage.objects.get(pk=workshop.pk)
    page.capacity = 4
    with settle():
        page.save_revision().publish()  # as an editor publishing the page
    assert statuses(ada, bob, cy) == [
        WaitlistStatus.OFFERED,
        WaitlistStatus.OFFERED,
        WaitlistStatus.WAITING,
    ]
    assert len(offer_emails(mailoutbox)) == 2


def test_an_unused_workshop_offer_passes_on_after_24_hours(sold_out, settle, mailoutbox):
    workshop, tickets = sold_out
    ada, bob = join_all(workshop, "ada@example.com", "bob@example.com")
    with settle():
        ticket_end(ticket=tickets[0], status=TicketStatus.REFUNDED, now=timezone.now())
    with time_machine.travel(timezone.now() + dt.timedelta(hours=24, minutes=5)), settle():
        assert waitlist_sweep() == 1
    assert statuses(ada, bob) == [WaitlistStatus.LAPSED, WaitlistStatus.OFFERED]
    assert not Hold.objects.filter(reference=f"waitlist:{ada.pk}").exists()
    assert Hold.objects.filter(reference=f"waitlist:{bob.pk}").exists()
    assert [m.to[0] for m in offer_emails(mailoutbox)] == ["ada@example.com", "bob@example.com"]


def test_the_offer_link_buys_the_held_ticket_without_a_second_hold(
    client, stripe_double, sold_out, settle, mailoutbox
):
    workshop, tickets = sold_out
    (ada,) = join_all(workshop, "ada@example.com")
    with settle():
        ticket_end(ticket=tickets[0], status=TicketStatus.REFUNDED, now=timezone.now())
    token = offer_token(offer_emails(mailoutbox)[0])
    page = client.get(f"/payments/waitlist/offers/{token}/").content.decode()
    assert "A place in Creating Effective MVPs is held for you" in page
    assert "One ticket: <strong>$600.00</strong>" in page

    ada_user = VerifiedUserFactory(email="ada@example.com")
    client.force_login(ada_user)
    response = client.post(f"/payments/waitlist/offers/{token}/", {})
    assert response.status_code == 302
    order = Order.objects.get(buyer=ada_user)
    assert (order.workshop, order.adopted_hold) == (workshop, f"waitlist:{ada.pk}")
    assert list(Hold.objects.values_list("reference", flat=True)) == [order.hold_reference]
    with pytest.raises(SoldOut, match="Creating Effective MVPs is sold out"):
        order_checkout_start(buyer=VerifiedUserFactory(), target=workshop)

    stripe_double.complete_session(order.stripe_session_id)
    event = event_of(stripe_double, "checkout.session.completed", order.stripe_session_id)
    with settle():
        post_event(client, stripe_double, event["id"])
    with settle():
        capacity_tasks.waitlist_sweep.delay()
    ticket = Ticket.objects.get(order=order)
    assert (ticket.holder, ticket.status) == (ada_user, TicketStatus.ACTIVE)
    assert statuses(ada) == [WaitlistStatus.CONVERTED]
    assert workshop_tickets_left(workshop=workshop) == 0
