"""Refunds and disputes: money going back, and what the buyer loses with it.

``order_refund`` is the one way staff refund (the Wagtail admin's action): a Stripe Refund with
an idempotency key, then ``order_refunds_sync``, which is also what a ``charge.refunded`` event
runs (a refund made in Stripe's dashboard). The sync reads the charge and its refunds from
Stripe and records each refund once (unique Stripe id), so the two paths never count a refund
twice. A full refund ends the order (``payments.orders.lifecycle`` moves it to ``refunded``)
and ends what it gave through its kind's seller (``order_end``, ``payments.capacity``): for a
class, the buyer's place wherever it lives now (a student transferred to another class loses
that class) or the team's seats (members last claimed first, invitations left without a seat
voided); for a workshop, its ticket. The places freed go to the waitlist
(``engine.capacity.places_freed_announce``), and the discount use is returned. A partial
refund is recorded and changes nothing else. Each new refund emails a credit note. An order a
company paid by invoice (``payments.invoicing``) is refunded with a Stripe credit note on its
invoice instead of a card refund.

A dispute (chargeback) is recorded, staff are told, and access is revoked at once: the money
is on its way back to the buyer's bank, and staff can enrol the student again if the dispute
is won. https://docs.stripe.com/refunds, https://docs.stripe.com/disputes
"""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from engine.capacity.services import places_freed_announce
from payments.discounts import discount_redemption_give_back
from payments.errors import RefundError
from payments.models import (
    Order,
    OrderRefund,
    OrderStatus,
    RedemptionStatus,
    RefundSource,
)
from payments.money import money_format
from payments.orders.lifecycle import order_hold_release, order_lock, order_transition
from payments.stripe_gateway import (
    charge_retrieve,
    credit_note_create,
    dispute_retrieve,
    object_id,
    payment_intent_retrieve,
    refund_create,
    refunds_list,
)

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
    same amount is a new refund. Stripe's refusal is a ``StripeGatewayError`` that says why.
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
    invoice_id = _paid_invoice_of(order)
    if invoice_id and not order.stripe_payment_intent_id:
        return _credit_note_refund(
            order, invoice_id=invoice_id, amount=amount, actor=actor, source=source, reason=reason
        )
    if not order.stripe_payment_intent_id:
        raise RefundError(f"Order {order.pk} has no Stripe payment to refund.")
    refund = refund_create(
        order_id=order.pk,
        payment_intent_id=order.stripe_payment_intent_id,
        amount=amount,
        refunded_before=order.amount_refunded,
        source=source,
    )
    with transaction.atomic():
        locked = order_lock(order.pk)
        _refund_record(locked, refund, source=source, actor=actor, reason=reason)
    return order_refunds_sync(order_id=order.pk, charge_id=object_id(refund.get("charge")))


def _paid_invoice_of(order: Order) -> str:
    """The Stripe invoice a company paid this order with (``payments.invoicing``), if any."""
    from payments.invoicing.models import CompanyBilling

    billing = CompanyBilling.objects.filter(order=order, pay_by_invoice=True).first()
    return (billing.stripe_invoice_id or "") if billing else ""


def _credit_note_refund(
    order: Order, *, invoice_id: str, amount: int, actor, source: str, reason: str
) -> Order:
    """Refund an order paid by invoice: a Stripe credit note on its invoice (numbered, with a
    PDF; the money goes back out of band, by bank transfer), recorded once like a refund. A
    full one ends the order as a full card refund does."""
    note = credit_note_create(
        invoice_id=invoice_id,
        params={
            "amount": amount,
            "reason": "order_change",
            "memo": reason or f"Refund of order {order.pk}",
            "out_of_band_amount": amount,
            "metadata": {"order_id": str(order.pk), "source": source},
        },
        key=f"{order.pk}-{amount}-{order.amount_refunded}",
    )
    with transaction.atomic():
        order = order_lock(order.pk)
        refund = {"id": note["id"], "amount": note["amount"], "reason": ""}
        if _refund_record(order, refund, source=source, actor=actor, reason=reason) is not None:
            order.amount_refunded = min(order.amount_refunded + note["amount"], order.amount_paid)
        if order.amount_refunded >= order.amount_paid and order.status != OrderStatus.REFUNDED:
            order_access_end(order, redemption=RedemptionStatus.RETURNED)
            return order_transition(order, to=OrderStatus.REFUNDED)
        order.save()
    return order


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
    if not charge_id and order_id is not None:
        order = Order.objects.get(pk=order_id)
        charge_id = order.stripe_charge_id
        if not charge_id and order.stripe_payment_intent_id:
            intent = payment_intent_retrieve(payment_intent_id=order.stripe_payment_intent_id)
            charge_id = object_id(intent.get("latest_charge"))
        if not charge_id:
            return order
    charge = charge_retrieve(charge_id=charge_id)
    order = _order_for_charge(charge)
    if order is None:
        logger.info("Charge %s belongs to no order here; ignored.", charge_id)
        return None
    refunds = refunds_list(charge_id=charge_id)
    now = now or timezone.now()
    with transaction.atomic():
        order = order_lock(order.pk)
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
            # A ``refunding`` order's buyer hears why from ``payments.orders.lifecycle``, on commit.
            order_access_end(order, redemption=RedemptionStatus.RETURNED)
            return order_transition(order, to=OrderStatus.REFUNDED, now=now)
        order.save()
    return order


def order_access_end(order: Order, *, redemption: str | None) -> None:
    """Take back what the order gave (call with the order locked; the seller's
    ``order_end``: the buyer's place, the order's seats from its team, a ticket...), places
    still held and, if asked, the discount use."""
    if order.status in FULFILLED_STATUSES:
        freed = order.seller.order_end(order, now=timezone.now())
        places_freed_announce(target=freed)  # offering is idempotent
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
    """A chargeback opened: record it, revoke access, tell staff. Idempotent per dispute.

    An order already refunded stays ``refunded`` (its access ended with the refund), and a
    second dispute on a disputed order is recorded; staff hear of either."""
    from payments import tasks

    dispute = dispute_retrieve(dispute_id=dispute_id)
    charge = charge_retrieve(charge_id=object_id(dispute.get("charge")))
    order = _order_for_charge(charge)
    if order is None:
        logger.info("Dispute %s is on a charge of no order here; ignored.", dispute_id)
        return None
    with transaction.atomic():
        order = order_lock(order.pk)
        if order.stripe_dispute_id == dispute["id"]:
            return order
        order.stripe_dispute_id = dispute["id"]
        order.stripe_charge_id = charge["id"]
        if order.status in (OrderStatus.REFUNDED, OrderStatus.DISPUTED):
            order.disputed_at = now or timezone.now()
            order.save()
            tasks.order_dispute_staff_email.delay_on_commit(order.pk)
            return order
        order_access_end(order, redemption=None)
        return order_transition(order, to=OrderStatus.DISPUTED, now=now)
