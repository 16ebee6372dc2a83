"""Workshop tickets through the one checkout: order, hold, Stripe session, webhook
fulfilment, refunds and expiry, against the Stripe double; ``settle()`` runs what was queued
on commit (Celery runs eagerly in tests)."""

import datetime as dt

import icalendar
import pytest
import time_machine

from django.utils import timezone

from engine.capacity.models import Hold
from engine.capacity.services import hold_place
from engine.capacity.signals import places_freed
from payments.errors import DiscountRejected, SoldOut
from payments.models import (
    DiscountRedemption,
    Order,
    OrderStatus,
    RedemptionStatus,
    Ticket,
    TicketStatus,
    WorkshopPage,
)
from payments.orders import order_checkout_start, order_refund
from payments.workshops import workshop_tickets_left
from tests.factories import (
    DiscountCodeFactory,
    TicketFactory,
    VerifiedUserFactory,
    WorkshopFactory,
    on_sale_cohort,
)

from .conftest import deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(db):
    return WorkshopFactory(title="Creating Effective MVPs", slug="mvps", capacity=20)


def buy(buyer, workshop, *, tickets=1, code=None) -> Order:
    return order_checkout_start(
        buyer=buyer, target=workshop, seats=tickets, code=code, site_url="http://t"
    ).order


def test_a_ticket_checkout_holds_the_ticket_and_opens_a_session_for_our_amount(
    stripe_double, buyer, workshop
):
    order = buy(buyer, workshop, tickets=2)
    assert (order.workshop, order.cohort, order.seats) == (workshop, None, 2)
    assert (order.total_amount, order.status) == (120_000, OrderStatus.PENDING)
    assert Hold.objects.get(reference=order.hold_reference).places == 2
    assert workshop_tickets_left(workshop=workshop) == 18
    (request,) = stripe_double.requests_to("/v1/checkout/sessions", "POST")
    assert request.params["metadata"]["workshop"] == "mvps"
    assert request.params["line_items"][0]["quantity"] == "2"
    session = stripe_double.get(order.stripe_session_id)
    assert session["amount_total"] == 120_000


def test_payment_issues_the_ticket_once_with_receipt_and_calendar_invitation(
    client, stripe_double, buyer, workshop, settle, mailoutbox
):
    order = buy(buyer, workshop)
    stripe_double.complete_session(order.stripe_session_id)
    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
    assert order.status == OrderStatus.FULFILLED
    ticket = Ticket.objects.get(order=order)
    assert (ticket.holder, ticket.quantity, ticket.status) == (buyer, 1, TicketStatus.ACTIVE)
    assert not Hold.objects.exists()
    assert workshop_tickets_left(workshop=workshop) == 19

    subjects = sorted(m.subject for m in mailoutbox)
    assert len(subjects) == 2, subjects
    assert any(f"Receipt for order {order.pk}: Creating Effective MVPs" in s for s in subjects)
    (confirmation,) = [m for m in mailoutbox if "Your ticket" in m.subject]
    assert "120 Market Street" in confirmation.body
    html = confirmation.alternatives[0]
    assert html.mimetype == "text/html" and "Creating Effective MVPs" in html.content
    ((filename, content, mimetype),) = confirmation.attachments
    assert filename == "workshop.ics" and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Creating Effective MVPs"
    assert event.decoded("DTSTART") == workshop.starts_at
    assert event.decoded("DTEND") == workshop.ends_at
    assert "120 Market Street" in str(event["LOCATION"])
    assert str(event["UID"]).startswith(f"workshop-ticket-{ticket.pk}@")


def test_a_sold_out_workshop_is_refused_before_anything_is_held_or_sent_to_stripe(
    stripe_double, buyer, workshop
):
    hold_place(target=workshop, reference="other", places=20, expires_at=None)
    with pytest.raises(SoldOut) as refused:
        buy(buyer, workshop)
    assert refused.value.message == "Creating Effective MVPs is sold out."
    assert not Order.objects.exists()
    assert stripe_double.requests_to("/v1/checkout/sessions", "POST") == []


def test_asking_for_more_tickets_than_are_left_says_how_many_are(stripe_double, buyer, workshop):
    hold_place(target=workshop, reference="other", places=18, expires_at=None)
    with pytest.raises(SoldOut) as refused:
        buy(buyer, workshop, tickets=3)
    assert "only 2 ticket(s) left; you asked for 3" in refused.value.message


def test_a_late_payment_after_sell_out_is_refunded_in_full_with_an_email(
    client, stripe_double, buyer, workshop, settle, mailoutbox
):
    workshop.capacity = 1
    workshop.save_revision().publish()
    workshop = WorkshopPage.objects.get(pk=workshop.pk)
    order = buy(buyer, workshop)
    stripe_double.complete_session(order.stripe_session_id)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=40)):
        # The webhook was down past the hold's expiry and someone else bought the ticket.
        TicketFactory(workshop=workshop)
        order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
    assert order.status == OrderStatus.REFUNDED
    assert order.amount_refunded == order.amount_paid == 60_000
    assert "sold out before your payment was confirmed" in order.failure_reason
    assert not Ticket.objects.filter(order=order).exists()
    (refund,) = stripe_double.requests_to("/v1/refunds", "POST")
    assert refund.idempotency_key == f"refund-{order.pk}-60000-0"
    assert stripe_double.get(order.stripe_charge_id)["refunded"] is True
    (sorry,) = [m for m in mailoutbox if "We could not hold your place" in m.subject]
    assert "Creating Effective MVPs" in sorry.subject
    assert "We have refunded the full amount" in sorry.body
    assert sorry.alternatives[0].mimetype == "text/html"
    assert any("Credit note" in m.subject for m in mailoutbox)


def test_expiry_returns_the_ticket_and_the_code(client, stripe_double, buyer, workshop, settle):
    code = DiscountCodeFactory(code="MVP50", amount_off=5_000, max_redemptions=1)
    order = buy(buyer, workshop, code="MVP50")
    assert order.total_amount == 55_000
    assert workshop_tickets_left(workshop=workshop) == 19
    stripe_double.expire_session(order.stripe_session_id)
    order = deliver(client, stripe_double, "checkout.session.expired", order, settle)
    assert order.status == OrderStatus.EXPIRED
    assert workshop_tickets_left(workshop=workshop) == 20
    code.refresh_from_db()
    assert code.used == 0
    assert DiscountRedemption.objects.get(order=order).status == RedemptionStatus.RELEASED


def test_a_code_for_classes_only_is_refused_for_a_ticket(stripe_double, buyer, workshop):
    DiscountCodeFactory(code="APRIL17", cohorts=[on_sale_cohort(name="April class")])
    with pytest.raises(DiscountRejected) as refused:
        buy(buyer, workshop, code="APRIL17")
    assert refused.value.reason == "wrong_class"
    assert "April class" in refused.value.message
    assert workshop_tickets_left(workshop=workshop) == 20


def test_a_staff_refund_ends_the_ticket_and_frees_the_place(
    client, stripe_double, buyer, workshop, settle
):
    freed = []

    def receiver(sender, kind, target_id, **kwargs):
        freed.append((kind, target_id))

    places_freed.connect(receiver, dispatch_uid="test-refund-freed")
    try:
        order = buy(buyer, workshop)
        stripe_double.complete_session(order.stripe_session_id)
        order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
        assert workshop_tickets_left(workshop=workshop) == 19
        with settle():
            order = order_refund(order=order)
    finally:
        places_freed.disconnect(dispatch_uid="test-refund-freed")
    assert order.status == OrderStatus.REFUNDED
    assert Ticket.objects.get(order=order).status == TicketStatus.REFUNDED
    assert workshop_tickets_left(workshop=workshop) == 20
    assert set(freed) == {("workshop", workshop.pk)}


def test_a_held_offer_passes_to_the_checkout_without_being_counted_twice(
    stripe_double, buyer, workshop
):
    workshop.capacity = 1
    workshop.save_revision().publish()
    workshop = WorkshopPage.objects.get(pk=workshop.pk)
    hold_place(target=workshop, reference="waitlist:7", places=1, expires_at=None)
    with pytest.raises(SoldOut):
        buy(VerifiedUserFactory(), workshop)
    order = order_checkout_start(
        buyer=buyer, target=workshop, seats=1, site_url="http://t", adopt_hold="waitlist:7"
    ).order
    assert list(Hold.objects.values_list("reference", flat=True)) == [order.hold_reference]
    assert workshop_tickets_left(workshop=workshop) == 0
    assert len(stripe_double.requests_to("/v1/checkout/sessions", "POST")) == 1
