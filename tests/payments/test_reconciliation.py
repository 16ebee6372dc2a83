"""Reconciliation after the webhook endpoint was down: each missed order is fulfilled once,
and running it again does nothing."""

import datetime as dt
from io import StringIO

import pytest
import time_machine

from django.core.management import call_command
from django.utils import timezone

from courses.models import Enrollment, EnrollmentTier
from payments.models import Order, OrderStatus, StripeCheckpoint, StripeEvent
from payments.orders import order_checkout_start, stripe_reconcile
from payments.orders.webhooks import HANDLERS
from tests.factories import DiscountCodeFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def buy(cohort, **kwargs) -> Order:
    kwargs.setdefault("tier", EnrollmentTier.STANDARD)
    kwargs.setdefault("seats", 1)
    return order_checkout_start(
        buyer=VerifiedUserFactory(), target=cohort, site_url="http://t", **kwargs
    ).order


def test_missed_events_are_stored_and_each_order_fulfilled_once(
    stripe_double, cohort, settle, mailoutbox
):
    """No webhook endpoint reaches us (the double stores the events, delivers nothing)."""
    DiscountCodeFactory(code="APRIL17", cohorts=[cohort])
    paid = [buy(cohort, code="APRIL17"), buy(cohort)]
    expired = buy(cohort)
    transfer = buy(cohort)
    for order in paid:
        stripe_double.complete_session(order.stripe_session_id)
    stripe_double.expire_session(expired.stripe_session_id)
    stripe_double.complete_session(transfer.stripe_session_id, paid=False)
    stripe_double.resolve_async_payment(transfer.stripe_session_id, succeeded=True)

    with settle():
        report = stripe_reconcile()
    assert report.errors == []
    # Each paid session's and its Checkout invoice's events (invoice.paid: the card order's
    # numbered invoice, recorded and left as it is).
    handled = [e for e in stripe_double.events if e["type"] in HANDLERS]
    assert report.events_stored == len(handled)
    assert {e["type"] for e in handled} >= {"checkout.session.completed", "invoice.paid"}
    for order in [*paid, transfer]:
        order.refresh_from_db()
        assert order.status == OrderStatus.FULFILLED
        assert Enrollment.objects.filter(user=order.buyer, cohort=cohort).count() == 1
    expired.refresh_from_db()
    assert expired.status == OrderStatus.EXPIRED
    assert len([m for m in mailoutbox if "Receipt" in m.subject]) == 3
    assert StripeCheckpoint.objects.get(name="events").last_event_created is not None

    with settle():
        again = stripe_reconcile()
    assert (again.events_stored, again.events_processed, again.orders_changed) == (0, 0, {})
    assert not again.changed_anything
    assert Enrollment.objects.count() == 3
    assert len([m for m in mailoutbox if "Receipt" in m.subject]) == 3


def test_events_the_webhook_stored_but_never_processed_are_processed(
    stripe_double, cohort, settle, client
):
    from payments.orders import stripe_event_store

    order = buy(cohort)
    stripe_double.complete_session(order.stripe_session_id)
    (event,) = stripe_double.events_of_type("checkout.session.completed")
    stripe_event_store(event, source="webhook")  # stored; its task never ran (a lost worker)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)), settle():
        report = stripe_reconcile()
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert StripeEvent.objects.get(stripe_id=event["id"]).processed_at is not None
    assert report.events_processed >= 1


def test_orders_stuck_pending_are_re_read_from_stripe(stripe_double, cohort, settle):
    """Even with no event at all (older than Stripe's list), a stale pending order settles."""
    order = buy(cohort)
    stripe_double.complete_session(order.stripe_session_id)
    stripe_double.store.events.clear()  # Stripe's event list no longer has them
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=20)), settle():
        report = stripe_reconcile()
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert report.orders_changed == {"fulfilled": 1}


def test_the_command_prints_progress_and_a_short_report(stripe_double, cohort, settle):
    order = buy(cohort)
    stripe_double.complete_session(order.stripe_session_id)
    out = StringIO()
    with settle():
        call_command("reconcile_stripe", stdout=out)
    text = out.getvalue()
    assert "Reconciling with Stripe..." in text
    assert "events: " in text and "settled" in text
    assert "new ones stored: 2" in text  # checkout.session.completed and its invoice.paid
    out = StringIO()
    with settle():
        call_command("reconcile_stripe", stdout=out)
    assert "Nothing to do" in out.getvalue()
