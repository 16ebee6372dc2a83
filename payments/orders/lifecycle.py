"""The order's one owner: its row lock, every change of its status, and what it holds.

No other module writes ``Order.status``: checkout, fulfilment, refunds and disputes ask
``order_transition`` to move an order they hold locked (``order_lock``), and an unpaid order
that ends gives back what it holds through ``order_end_unpaid``. The states and the moves
between them are one table, ``TRANSITIONS`` (a source and its allowed targets); a move the
table does not list raises ``OrderTransitionRefused`` naming both states, so a late or
reordered event can never walk an order backwards.

    pending    -> paid | expired | failed | refunded | disputed
    paid       -> fulfilled | refunding | failed | refunded | disputed
    failed     -> paid               (Stripe says, late, that the session was paid after all)
    expired    -> paid
    fulfilled  -> refunded | disputed
    refunding  -> refunded | disputed   (paid, but no place could be given: refunded in full)
    disputed   -> refunded
    refunded   -> (nothing: the end)

``refunded`` and ``disputed`` are reached from ``pending`` and ``paid`` too: a charge refunded
or disputed in Stripe's dashboard before its checkout was settled here.

What a move sets off (a receipt, the automatic refund, the email about it, telling staff of
a dispute) is queued here, on commit: a rolled-back move sends nothing.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from engine.capacity.services import hold_release
from payments.discounts import discount_redemption_give_back
from payments.errors import OrderTransitionRefused
from payments.models import Order, OrderStatus, RedemptionStatus

S = OrderStatus

# Every allowed move, source -> targets. Anything else is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.PAID, S.EXPIRED, S.FAILED, S.REFUNDED, S.DISPUTED}),
    S.PAID: frozenset({S.FULFILLED, S.REFUNDING, S.FAILED, S.REFUNDED, S.DISPUTED}),
    S.FAILED: frozenset({S.PAID}),
    S.EXPIRED: frozenset({S.PAID}),
    S.FULFILLED: frozenset({S.REFUNDED, S.DISPUTED}),
    S.REFUNDING: frozenset({S.REFUNDED, S.DISPUTED}),
    S.DISPUTED: frozenset({S.REFUNDED}),
    S.REFUNDED: frozenset(),
}

# The moment each state was reached, where the order keeps one.
_REACHED_AT = {
    S.PAID: "paid_at",
    S.FULFILLED: "fulfilled_at",
    S.REFUNDED: "refunded_at",
    S.DISPUTED: "disputed_at",
}


def order_lock(order_id: int) -> Order:
    """The order, locked for the rest of the transaction (``order -> team -> cohort``)."""
    return Order.objects.select_for_update(of=("self",)).get(pk=order_id)


def order_transition_allowed(*, source: str, target: str) -> bool:
    return target in TRANSITIONS.get(source, frozenset())


def order_transition(
    order: Order, *, to: str, now: datetime | None = None, reason: str | None = None
) -> Order:
    """Move ``order`` (locked by the caller) to ``to`` and save it, with whatever else the
    caller set on it; queue what the move sets off for after the commit.

    ``reason`` becomes the order's ``failure_reason`` (a move to ``paid`` clears it). Raises
    ``OrderTransitionRefused`` for a move the table does not allow.
    """
    source = order.status
    if not order_transition_allowed(source=source, target=to):
        raise OrderTransitionRefused(order_id=order.pk, source=source, target=to)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("An order changes status only inside a transaction, locked.")
    order.status = to
    if to in _REACHED_AT:
        setattr(order, _REACHED_AT[to], now or timezone.now())
    if reason is not None:
        order.failure_reason = reason
    elif to == S.PAID:
        order.failure_reason = ""
    order.save()
    _on_commit(order, source=source, target=to)
    return order


def _on_commit(order: Order, *, source: str, target: str) -> None:
    from payments import tasks

    if target == S.FULFILLED:
        tasks.order_receipt_email.delay_on_commit(order.pk)
    elif target == S.REFUNDING:
        tasks.order_refund_unfulfillable.delay_on_commit(order.pk)
    elif target == S.REFUNDED and source == S.REFUNDING:
        tasks.order_unfulfillable_email.delay_on_commit(order.pk)
    elif target == S.DISPUTED:
        tasks.order_dispute_staff_email.delay_on_commit(order.pk)


def order_hold_release(order: Order) -> None:
    """Give back the places the order holds, whatever they are places of (the waitlist
    hears of them after the commit: ``engine.capacity.signals.places_freed``)."""
    hold_release(reference=order.hold_reference)


def order_end_unpaid(order: Order, *, to: str, reason: str) -> Order:
    """An unpaid order (locked) ends as ``expired`` or ``failed``: its places and its
    discount use are given back."""
    order_hold_release(order)
    discount_redemption_give_back(order=order, status=RedemptionStatus.RELEASED)
    return order_transition(order, to=to, reason=reason)


def order_release(*, order_id: int, to: str, reason: str) -> Order:
    """End a still-pending order as ``to`` (``expired``, ``failed``); anything else is left
    as it is (paid meanwhile, already ended). Idempotent."""
    with transaction.atomic():
        order = order_lock(order_id)
        if order.status != S.PENDING:
            return order
        return order_end_unpaid(order, to=to, reason=reason)
