"""Turning a paid Checkout Session into places in a class, exactly once.

Whatever arrives (a webhook, five copies of it at once, a late or reordered one, the buyer's
browser on the success page, the reconciliation job), the same two steps run:

1. ``checkout_session_settle`` re-reads the session from Stripe (never trusting the event's
   copy or its order of arrival) and records what Stripe says on the order, under the
   order's row lock: ``pending -> paid`` only when ``payment_status`` is ``paid`` (or no
   payment was required); an expired or failed session gives the seats and the code back.
2. ``order_fulfil`` moves ``paid -> fulfilled`` under the same lock: the code's use is
   confirmed and the order's kind turns its hold into what was bought (the seller's
   ``order_grant``, ``payments.capacity``: the buyer's enrollment or a team whose pool is
   the held seats, a workshop ``Ticket`` and its invitation, ...). Run twice, the second
   run finds the order fulfilled and does nothing.

A paid order whose place can no longer be honoured (its hold gone and the class or workshop
full) goes to ``refunding`` and is refunded in full by a task: nobody is charged without a place.
Every status move, and giving back what an unpaid order holds, is ``payments.orders.lifecycle``'s.
https://docs.stripe.com/checkout/fulfillment
"""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from engine.capacity.errors import NotEnoughPlaces
from engine.capacity.services import hold_place
from payments.discounts import discount_redemption_confirm, discount_redemption_give_back
from payments.errors import OrderUnfulfillable
from payments.models import Order, OrderStatus, RedemptionStatus
from payments.orders.lifecycle import (
    order_end_unpaid,
    order_hold_release,
    order_lock,
    order_transition,
)
from payments.stripe_gateway import checkout_session_retrieve, object_id

logger = logging.getLogger(__name__)

# A bank transfer takes days: its seats stay held this long after checkout completes.
BANK_TRANSFER_HOLD = timedelta(days=7)
PAID_STATUSES = ("paid", "no_payment_required")
FAILED_INTENT_STATUSES = ("requires_payment_method", "canceled")


def order_for_session(session: dict) -> Order | None:
    order_id = (session.get("metadata") or {}).get("order_id") or session.get("client_reference_id")
    if order_id and str(order_id).isdigit():
        order = Order.objects.filter(pk=int(order_id)).first()
        if order is not None:
            return order
    return Order.objects.filter(stripe_session_id=session["id"]).first()


def checkout_session_settle(*, session_id: str, now: datetime | None = None) -> Order | None:
    """Re-read ``session_id`` from Stripe and apply it to its order; None if not ours."""
    session = checkout_session_retrieve(session_id=session_id)
    order = order_for_session(session)
    if order is None:
        logger.info("Checkout session %s belongs to no order here; ignored.", session_id)
        return None
    order = order_record_session(order_id=order.pk, session=session, now=now)
    if session.get("invoice"):
        # Its numbered invoice (and, for a company, who it is billed to): payments.invoicing
        # sits above orders, hence the import here.
        from payments.invoicing.card import order_invoice_record

        order_invoice_record(order_id=order.pk, session=session)
    if order.status == OrderStatus.PAID:
        order = order_fulfil(order_id=order.pk, now=now)
    return order


def order_settle(*, order: Order, now: datetime | None = None) -> Order:
    """Bring one order up to date with Stripe (success page, reconciliation)."""
    if order.stripe_session_id and order.status in (OrderStatus.PENDING, OrderStatus.PAID):
        return checkout_session_settle(session_id=order.stripe_session_id, now=now) or order
    if order.status == OrderStatus.PAID:
        return order_fulfil(order_id=order.pk, now=now)
    return order


def order_record_session(*, order_id: int, session: dict, now: datetime | None = None) -> Order:
    """Record what Stripe says about the order's session, under the order's row lock."""
    from payments import tasks

    now = now or timezone.now()
    with transaction.atomic():
        order = order_lock(order_id)
        if order.stripe_session_id and order.stripe_session_id != session["id"]:
            logger.warning("Session %s is not order %s's session.", session["id"], order.pk)
            return order
        intent = session.get("payment_intent")
        intent = intent if isinstance(intent, dict) else {"id": intent or ""}
        order.stripe_session_id = session["id"]
        order.stripe_session_status = session.get("status") or ""
        order.stripe_payment_status = session.get("payment_status") or ""
        order.stripe_payment_intent_id = intent.get("id") or order.stripe_payment_intent_id
        order.stripe_charge_id = object_id(intent.get("latest_charge")) or order.stripe_charge_id
        details = session.get("customer_details") or {}
        order.customer_email = details.get("email") or order.customer_email
        status, payment_status = session.get("status"), session.get("payment_status")
        if status == "complete" and payment_status in PAID_STATUSES:
            if order.status in (OrderStatus.PENDING, OrderStatus.FAILED, OrderStatus.EXPIRED):
                order.amount_paid = session.get("amount_total") or 0
                order.tax_amount = (session.get("total_details") or {}).get("amount_tax") or 0
                return order_transition(order, to=OrderStatus.PAID, now=now)
        elif status == "expired":
            if order.status == OrderStatus.PENDING:
                reason = "The checkout expired unpaid."
                return order_end_unpaid(order, to=OrderStatus.EXPIRED, reason=reason)
        elif status == "complete" and intent.get("status") in FAILED_INTENT_STATUSES:
            if order.status == OrderStatus.PENDING:
                reason = "The delayed payment did not succeed."
                order_end_unpaid(order, to=OrderStatus.FAILED, reason=reason)
                tasks.order_payment_failed_email.delay_on_commit(order.pk)
                return order
        elif status == "complete" and order.status == OrderStatus.PENDING:
            _hold_for_bank_transfer(order, now)
        order.save()
    return order


def _hold_for_bank_transfer(order: Order, now: datetime) -> None:
    """The buyer chose a payment that settles later: keep their seats until it does."""
    expires_at = now + BANK_TRANSFER_HOLD
    if order.expires_at and order.expires_at >= expires_at - timedelta(minutes=1):
        return
    try:
        hold_place(
            target=order.capacity_target,
            reference=order.hold_reference,
            places=order.seats,
            expires_at=expires_at,
            now=now,
        )
        order.expires_at = expires_at
    except NotEnoughPlaces:
        # The checkout's hold lapsed and the class filled: if the money arrives anyway, the
        # order is refunded in full by ``order_fulfil``.
        logger.warning("Order %s: seats could not be kept for the bank transfer.", order.pk)


def order_fulfil(*, order_id: int, now: datetime | None = None) -> Order:
    """``paid -> fulfilled``: what the order bought, once (the seller's ``order_grant``: an
    enrollment or a team's pool, a ticket, ...). Idempotent."""
    now = now or timezone.now()
    with transaction.atomic():
        order = order_lock(order_id)
        if order.status != OrderStatus.PAID:
            return order
        if not discount_redemption_confirm(order=order):
            return _unfulfillable(
                order, "The discount code was used up before the payment arrived."
            )
        try:
            with transaction.atomic():
                order.seller.order_grant(order, now=now)
        except OrderUnfulfillable as refusal:
            return _unfulfillable(order, refusal.reason)
        except NotEnoughPlaces:
            reason = f"{order.product_name} sold out before your payment was confirmed."
            return _unfulfillable(order, reason)
        order_transition(order, to=OrderStatus.FULFILLED, now=now)
    return order


def _unfulfillable(order: Order, reason: str) -> Order:
    """Paid, but no place can be given: give everything back and refund in full (the
    ``refunding`` order's refund is queued by ``payments.orders.lifecycle``)."""
    order_hold_release(order)
    discount_redemption_give_back(order=order, status=RedemptionStatus.RETURNED)
    target = OrderStatus.REFUNDING if order.amount_paid else OrderStatus.FAILED
    order_transition(order, to=target, reason=reason)
    logger.warning("Order %s cannot be fulfilled: %s", order.pk, reason)
    return order
