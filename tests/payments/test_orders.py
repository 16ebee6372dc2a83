"""The order's one owner (``payments.orders.lifecycle``): every status change follows its table, an
illegal one is refused with both states named, and what a change sets off waits for the
commit."""

import ast
from itertools import product
from pathlib import Path

import pytest

from django.db import IntegrityError, transaction

from courses.models import EnrollmentTier
from payments.errors import OrderTransitionRefused
from payments.models import Order, OrderStatus
from payments.orders import (
    TRANSITIONS,
    checkout_session_settle,
    order_checkout_start,
    order_lock,
    order_refund,
    order_transition,
)
from tests.factories import OrderFactory

from .conftest import event_of, post_event

pytestmark = pytest.mark.django_db

ALL_MOVES = list(product(OrderStatus.values, OrderStatus.values))
APPS = ("cms", "courses", "payments", "community", "engine", "demo")
WRITES = ("create", "update", "update_or_create", "get_or_create", "bulk_create")


def move(order: Order, to: str) -> Order:
    with transaction.atomic():
        return order_transition(order_lock(order.pk), to=to)


def test_an_illegal_transition_is_refused_naming_both_states():
    order = OrderFactory(status=OrderStatus.REFUNDED)

    with pytest.raises(OrderTransitionRefused) as refused:
        move(order, OrderStatus.PAID)

    assert str(refused.value) == f"Order {order.pk} cannot go from refunded to paid."
    assert (refused.value.source, refused.value.target) == ("refunded", "paid")
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED


@pytest.mark.parametrize(("source", "target"), ALL_MOVES)
def test_every_move_of_the_table_is_made_and_every_other_refused(source, target):
    order = OrderFactory(status=source)

    if target in TRANSITIONS[source]:
        move(order, target)
        order.refresh_from_db()
        assert order.status == target
    else:
        with pytest.raises(OrderTransitionRefused, match=f"from {source} to {target}"):
            move(order, target)
        order.refresh_from_db()
        assert order.status == source


def test_the_table_names_every_state_and_only_refunded_is_final():
    assert set(TRANSITIONS) == set(OrderStatus.values)
    assert all(targets <= set(OrderStatus.values) for targets in TRANSITIONS.values())
    assert [s for s, targets in TRANSITIONS.items() if not targets] == [OrderStatus.REFUNDED]


def test_a_move_stamps_when_it_happened_and_a_reason():
    order = OrderFactory(status=OrderStatus.PAID, failure_reason="")

    move(order, OrderStatus.REFUNDING)
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDING

    with transaction.atomic():
        order_transition(order_lock(order.pk), to=OrderStatus.REFUNDED, reason="Class full.")
    order.refresh_from_db()
    assert order.refunded_at is not None
    assert order.failure_reason == "Class full."


def test_what_a_move_sets_off_waits_for_the_commit(django_capture_on_commit_callbacks, mailoutbox):
    order = OrderFactory(status=OrderStatus.PAID)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        move(order, OrderStatus.FULFILLED)

    assert len(callbacks) == 1 and mailoutbox == []  # the receipt, not sent yet
    callbacks[0]()
    assert [m.to for m in mailoutbox] == [[order.buyer.email]]


def test_a_rolled_back_move_sends_nothing(django_capture_on_commit_callbacks, mailoutbox):
    order = OrderFactory(status=OrderStatus.PAID)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                order_transition(order_lock(order.pk), to=OrderStatus.FULFILLED)
                raise RuntimeError("the rest of the fulfilment failed")
        except RuntimeError:
            pass

    assert callbacks == [] and mailoutbox == []
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_a_late_checkout_event_never_walks_a_refunded_order_back(
    client, stripe_double, buyer, cohort, settle
):
    order = order_checkout_start(
        buyer=buyer, target=cohort, tier=EnrollmentTier.STANDARD, seats=1, site_url="http://t"
    ).order
    stripe_double.complete_session(order.stripe_session_id)
    completed = event_of(stripe_double, "checkout.session.completed")["id"]
    with settle():
        post_event(client, stripe_double, completed)
    with settle():
        order_refund(order=order)

    with settle():  # the completion's session re-read again, late (a reordered event)
        checkout_session_settle(session_id=order.stripe_session_id)

    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED


def _status_writes(source: str) -> list[int]:
    """Lines that write an order's status: ``order.status = ...`` (or any ``OrderStatus``
    assigned to a ``.status``), or ``status=OrderStatus.X`` given to a create or an update."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    owner = ast.unparse(target.value)
                    if "order" in owner.lower() or "OrderStatus" in ast.unparse(node.value):
                        lines.append(node.lineno)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in WRITES:
            for keyword in node.keywords:
                if keyword.arg == "status" and "OrderStatus" in ast.unparse(keyword.value):
                    lines.append(node.lineno)
    return lines


def test_no_module_but_the_owner_writes_an_orders_status():
    root = Path(__file__).resolve().parents[2]
    files = [p for app in APPS for p in sorted((root / app).rglob("*.py"))]
    writes = {
        str(path.relative_to(root)): lines
        for path in files
        if path.relative_to(root) != Path("payments/orders/lifecycle.py")
        and (lines := _status_writes(path.read_text()))
    }
    assert writes == {}, "Move an order with payments.orders.lifecycle.order_transition"
    assert _status_writes("order.status = OrderStatus.PAID")
    assert _status_writes("Order.objects.filter(pk=1).update(status=OrderStatus.FAILED)")
    assert not _status_writes("Order.objects.filter(status=OrderStatus.PAID)")


@pytest.mark.parametrize(
    "spelling",
    [
        {"capacity_kind": "cohort", "capacity_target_id": 999_999},  # another class's id
        {"capacity_kind": "workshop"},  # the kind says workshop, the key says class
        {"capacity_kind": "rooms"},  # another kind, with the class key still set
    ],
)
def test_the_two_spellings_of_an_orders_target_cannot_disagree(spelling):
    """``cohort`` / ``workshop`` and ``capacity_kind`` + ``capacity_target_id`` name one target:
    a check constraint refuses a row where they differ."""
    order = OrderFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.filter(pk=order.pk).update(**spelling)

    order.refresh_from_db()
    assert (order.capacity_kind, order.capacity_target_id) == ("cohort", order.cohort_id)
