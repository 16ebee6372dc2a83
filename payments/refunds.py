"""Refunds and disputes: money going back, and what the buyer loses with it.

``order_refund`` is the one way staff refund (the Wagtail admin's action): a Stripe Refund
with an idempotency key, then ``order_refunds_sync``, which is also what a ``charge.refunded``
event runs (a refund made in Stripe's dashboard). The sync reads the charge and its refunds
from Stripe and records each refund once (unique Stripe id), so the two paths never count a
refund twice. A full refund ends the order: the buyer's enrollment is revoked (or the team's
seats leave its pool, members last claimed first), the discount use is returned. A partial
refund is recorded and changes nothing else. A workshop order's full refund ends its ticket,
which frees the places for the waitlist (``engine.capacity.places_freed_announce``). Each new
refund emails a credit note.

A dispute (chargeback) is recorded, staff are told, and access is revoked at once: the money
is on its way back to the buyer's bank, and staff can enrol the student again if the dispute
is won. https://docs.stripe.com/refunds, https://docs.stripe.com/disputes
"""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import EnrollmentStatus
from courses.services import enrollment_revoke
from engine.capacity.services import places_freed_announce
from payments.discounts import discount_redemption_give_back
from payments.errors import RefundError
from payments.fulfilment import lock_order, order_hold_release
from payments.models import (
    Order,
    OrderRefund,
    OrderStatus,
    RedemptionStatus,
    RefundSource,
    Ticket,
)
from payments.money import money_format
from payments.stripe_client import as_dict, object_id, stripe_client

logger = logging.getLogger(__name__)

FULFILLED_STATUSES = (OrderStatus.FULFILLED, OrderStatus.DISPUTED)


def order_refund(
    *,
    order: Order,
    amount: int | None = None,
    actor=None,
    source: str = RefundSource.ADMIN,
    reason: str = "",
) -> Order:
    """Refund ``amount`` (default: all that is left) of ``order`` through Stripe.

    The idempotency key names the order, the amount and what had been refunded before, so a
    double-clicked or retried refund is made once, while a second deliberate refund of the
    same amount is a new refund.
    """
    order = Order.objects.get(pk=order.pk)
    remaining = order.refundable_amount
    if remaining <= 0:
        raise RefundError(f"Nothing is left to refund on order {order.pk}.")
    amount = remaining if amount is None else amount
    if not 0 < amount <= remaining:
        raise RefundError(
            f"Refund an amount between {money_format(1, order.currency)} and "
            f"{money_format(remaining, order.currency)}."
        )
    if not order.stripe_payment_intent_id:
        raise RefundError(f"Order {order.pk} has no Stripe payment to refund.")
    refund = as_dict(
        stripe_client().v1.refunds.create(
            params={
                "payment_intent": order.stripe_payment_intent_id,
                "amount": amount,
                "metadata": {"order_id": str(order.pk), "source": source},
            },
            options={"idempotency_key": f"refund-{order.pk}-{amount}-{order.amount_refunded}"},
        )
    )
    with transaction.atomic():
        locked = lock_order(order.pk)
        _refund_record(locked, refund, source=source, actor=actor, reason=reason)
    return order_refunds_sync(order_id=order.pk, charge_id=object_id(refund.get("charge")))


def _refund_record(order: Order, refund: dict, *, source: str, actor=None, reason: str = ""):
    """Record one Stripe refund once; returns the row if it is new (a credit note is due)."""
    try:
        with transaction.atomic():
            row = OrderRefund.objects.create(
                order=order,
                stripe_refund_id=refund["id"],
                amount=refund["amount"],
                source=source,
                actor=actor,
                reason=reason or (refund.get("reason") or ""),
            )
    except IntegrityError:
        if actor is not None:  # our own refund, first seen through its webhook
            OrderRefund.objects.filter(stripe_refund_id=refund["id"], actor__isnull=True).update(
                actor=actor, source=source, reason=reason
            )
        return None
    from payments import tasks

    tasks.order_credit_note_email.delay_on_commit(row.pk)
    return row


def _order_for_charge(charge: dict) -> Order | None:
    order_id = (charge.get("metadata") or {}).get("order_id")
    if order_id and str(order_id).isdigit():
        order = Order.objects.filter(pk=int(order_id)).first()
        if order is not None:
            return order
    intent = object_id(charge.get("payment_intent"))
    return Order.objects.filter(stripe_charge_id=charge["id"]).first() or (
        Order.objects.filter(stripe_payment_intent_id=intent).first() if intent else None
    )


def order_refunds_sync(
    *, charge_id: str = "", order_id: int | None = None, now: datetime | None = None
) -> Order | None:
    """Bring the order in line with its charge's refunds at Stripe (idempotent)."""
    client = stripe_client()
    if not charge_id and order_id is not None:
        order = Order.objects.get(pk=order_id)
        charge_id = order.stripe_charge_id
        if not charge_id and order.stripe_payment_intent_id:
            intent = as_dict(client.v1.payment_intents.retrieve(order.stripe_payment_intent_id))
            charge_id = object_id(intent.get("latest_charge"))
        if not charge_id:
            return order
    charge = as_dict(client.v1.charges.retrieve(charge_id))
    order = _order_for_charge(charge)
    if order is None:
        logger.info("Charge %s belongs to no order here; ignored.", charge_id)
        return None
    refunds = [
        as_dict(r)
        for r in client.v1.refunds.list(
            params={"charge": charge_id, "limit": 100}
        ).auto_paging_iter()
    ]
    now = now or timezone.now()
    with transaction.atomic():
        order = lock_order(order.pk)
        automatic = order.status == OrderStatus.REFUNDING
        for refund in sorted(refunds, key=lambda r: r["created"]):
            if refund.get("status") in ("succeeded", "pending"):
                source = (refund.get("metadata") or {}).get("source") or RefundSource.DASHBOARD
                _refund_record(order, refund, source=source)
        order.stripe_charge_id = charge["id"]
        order.stripe_payment_intent_id = (
            object_id(charge.get("payment_intent")) or order.stripe_payment_intent_id
        )
        if not order.amount_paid:
            order.amount_paid = charge.get("amount_captured") or 0  # refunded before completion
        order.amount_refunded = max(
            order.amount_refunded, min(charge.get("amount_refunded") or 0, order.amount_paid)
        )
        fully = bool(charge.get("refunded")) or order.amount_refunded >= order.amount_paid
        if fully and order.status != OrderStatus.REFUNDED:
            order_access_end(order, redemption=RedemptionStatus.RETURNED)
            order.status = OrderStatus.REFUNDED
            order.refunded_at = now
            if automatic:
                from payments import tasks

                tasks.order_unfulfillable_email.delay_on_commit(order.pk)
        order.save()
    return order


def order_access_end(order: Order, *, redemption: str | None) -> None:
    """Take back what the order gave (call with the order locked): the buyer's place, or the
    order's seats from its team; seats still held and, if asked, the discount use."""
    from payments.teams import team_seats_remove
    from payments.workshops import ticket_end

    if order.status in FULFILLED_STATUSES:
        if order.workshop_id:
            ticket = Ticket.objects.filter(order=order).select_related("workshop").first()
            if ticket is not None:
                ticket_end(ticket=ticket, now=timezone.now())
        elif order.team_id is not None:
            team_seats_remove(team_id=order.team_id, seats=order.seats)
        elif order.enrollment is not None and order.enrollment.status == EnrollmentStatus.ACTIVE:
            enrollment_revoke(enrollment=order.enrollment, status=EnrollmentStatus.REFUNDED)
        places_freed_announce(target=order.capacity_target)  # offering is idempotent
    else:
        order_hold_release(order)
    if redemption is not None:
        discount_redemption_give_back(order=order, status=redemption)


def order_refund_unfulfillable(*, order_id: int) -> Order:
    """Refund in full an order that was paid but could not be given a place."""
    order = Order.objects.get(pk=order_id)
    if order.status != OrderStatus.REFUNDING:
        return order
    if order.refundable_amount <= 0:
        return order_refunds_sync(order_id=order.pk) or order
    return order_refund(
        order=order, source=RefundSource.AUTOMATIC, reason=order.failure_reason[:255]
    )


def order_dispute_record(*, dispute_id: str, now: datetime | None = None) -> Order | None:
    """A chargeback opened: record it, revoke access, tell staff. Idempotent per dispute."""
    from payments import tasks

    client = stripe_client()
    dispute = as_dict(client.v1.disputes.retrieve(dispute_id))
    charge = as_dict(client.v1.charges.retrieve(object_id(dispute.get("charge"))))
    order = _order_for_charge(charge)
    if order is None:
        logger.info("Dispute %s is on a charge of no order here; ignored.", dispute_id)
        return None
    with transaction.atomic():
        order = lock_order(order.pk)
        if order.stripe_dispute_id == dispute["id"]:
            return order
        order_access_end(order, redemption=None)
        order.stripe_dispute_id = dispute["id"]
        order.stripe_charge_id = charge["id"]
        order.disputed_at = now or timezone.now()
        order.status = OrderStatus.DISPUTED
        order.save()
        tasks.order_dispute_staff_email.delay_on_commit(order.pk)
    return order
