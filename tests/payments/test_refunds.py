"""Refunds (the admin's action, or Stripe's dashboard) and disputes.

A full refund ends the order's places and returns its discount use; a partial refund is
recorded and changes nothing else; each refund is recorded once, whichever path saw it first,
and emails one credit note."""

import pytest

from courses.models import Enrollment, EnrollmentStatus, EnrollmentTier
from payments.errors import RefundError
from payments.models import (
    DiscountRedemption,
    OrderRefund,
    OrderStatus,
    RedemptionStatus,
    RefundSource,
)
from payments.orders import order_checkout_start, order_refund
from tests.factories import DiscountCodeFactory, VerifiedUserFactory

from .conftest import event_of, post_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_order(client, stripe_double, buyer, cohort, settle):
    """A fulfilled single-seat order bought with APRIL17 ($1,400 paid)."""
    DiscountCodeFactory(code="APRIL17", cohorts=[cohort])
    order = order_checkout_start(
        buyer=buyer,
        target=cohort,
        tier=EnrollmentTier.STANDARD,
        seats=1,
        code="APRIL17",
        site_url="http://t",
    ).order
    stripe_double.complete_session(order.stripe_session_id)
    with settle():
        post_event(
            client, stripe_double, event_of(stripe_double, "checkout.session.completed")["id"]
        )
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    return order


@pytest.fixture
def staff(db):
    return VerifiedUserFactory(is_staff=True, is_superuser=True, email="staff@example.com")


def enrollment_status(order) -> str:
    return Enrollment.objects.get(pk=order.enrollment_id).status


def test_a_full_refund_revokes_the_place_returns_the_code_and_sends_a_credit_note(
    stripe_double, paid_order, staff, settle, mailoutbox
):
    mailoutbox.clear()
    with settle():
        order = order_refund(order=paid_order, actor=staff, reason="Changed jobs")
    assert (order.status, order.amount_refunded) == (OrderStatus.REFUNDED, 140_000)
    assert enrollment_status(order) == EnrollmentStatus.REFUNDED
    redemption = DiscountRedemption.objects.get(order=order)
    assert redemption.status == RedemptionStatus.RETURNED
    assert redemption.code.used == 0
    refund = OrderRefund.objects.get()
    assert (refund.amount, refund.actor, refund.source, refund.reason) == (
        140_000,
        staff,
        RefundSource.ADMIN,
        "Changed jobs",
    )
    (request,) = stripe_double.requests_to("/v1/refunds", "POST")
    assert request.idempotency_key == f"refund-{order.pk}-140000-0"
    assert request.params["payment_intent"] == order.stripe_payment_intent_id
    (note,) = mailoutbox
    assert "Credit note for order" in note.subject and "$1,400.00 refunded" in note.subject
    assert "have ended" in note.body


def test_a_partial_refund_is_recorded_and_keeps_the_place(
    stripe_double, paid_order, staff, settle, mailoutbox
):
    mailoutbox.clear()
    with settle():
        order = order_refund(order=paid_order, amount=20_000, actor=staff)
    assert (order.status, order.amount_refunded, order.refundable_amount) == (
        OrderStatus.FULFILLED,
        20_000,
        120_000,
    )
    assert enrollment_status(order) == EnrollmentStatus.ACTIVE
    assert DiscountRedemption.objects.get(order=order).status == RedemptionStatus.USED
    assert "unchanged" in mailoutbox[0].body
    # A second refund of the same amount is a new refund (its key names what came before).
    with settle():
        order = order_refund(order=order, amount=20_000, actor=staff)
    assert order.amount_refunded == 40_000
    keys = [r.idempotency_key for r in stripe_double.requests_to("/v1/refunds", "POST")]
    assert keys == [f"refund-{order.pk}-20000-0", f"refund-{order.pk}-20000-20000"]


def test_more_than_what_is_left_is_refused(stripe_double, paid_order, staff):
    with pytest.raises(RefundError, match=r"between \$0\.01 and \$1,400\.00"):
        order_refund(order=paid_order, amount=140_001, actor=staff)
    assert stripe_double.requests_to("/v1/refunds", "POST") == []


def test_our_refund_seen_again_through_its_webhook_is_recorded_once(
    client, stripe_double, paid_order, staff, settle, mailoutbox
):
    with settle():
        order_refund(order=paid_order, amount=50_000, actor=staff)
    with settle():
        response = post_event(
            client, stripe_double, event_of(stripe_double, "charge.refunded")["id"]
        )
    assert response.status_code == 200
    paid_order.refresh_from_db()
    assert paid_order.amount_refunded == 50_000
    assert OrderRefund.objects.count() == 1
    assert OrderRefund.objects.get().actor == staff
    assert sum("Credit note" in m.subject for m in mailoutbox) == 1


def test_a_dashboard_refund_arrives_as_charge_refunded(client, stripe_double, paid_order, settle):
    stripe_double.refund_charge(paid_order.stripe_charge_id)
    with settle():
        post_event(client, stripe_double, event_of(stripe_double, "charge.refunded")["id"])
    paid_order.refresh_from_db()
    assert paid_order.status == OrderStatus.REFUNDED
    assert enrollment_status(paid_order) == EnrollmentStatus.REFUNDED
    assert OrderRefund.objects.get().source == RefundSource.DASHBOARD


def test_a_dispute_revokes_access_and_tells_staff(
    client, stripe_double, paid_order, staff, settle, mailoutbox
):
    mailoutbox.clear()
    stripe_double.dispute_charge(paid_order.stripe_charge_id)
    dispute_event = event_of(stripe_double, "charge.dispute.created")
    with settle():
        post_event(client, stripe_double, dispute_event["id"])
        post_event(client, stripe_double, dispute_event["id"])
    paid_order.refresh_from_db()
    assert paid_order.status == OrderStatus.DISPUTED
    assert paid_order.stripe_dispute_id == dispute_event["data"]["object"]["id"]
    assert enrollment_status(paid_order) == EnrollmentStatus.REFUNDED
    (notice,) = mailoutbox
    assert notice.to == ["staff@example.com"]
    assert f"Dispute opened on order {paid_order.pk}" in notice.subject


def test_the_admin_refund_action(client, stripe_double, paid_order, staff, settle):
    client.force_login(staff)
    url = f"/admin/payments/orders/refund/{paid_order.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "$1,400.00" in page.content.decode()
    assert client.post(url, {"amount": "2000"}).status_code == 200  # more than is left
    with settle():
        response = client.post(url, {"amount": "100.50", "reason": "Goodwill"})
    assert response.status_code == 302
    paid_order.refresh_from_db()
    assert paid_order.amount_refunded == 10_050


def test_only_staff_allowed_to_refund_see_the_action(client, paid_order):
    editor = VerifiedUserFactory(is_staff=True)
    client.force_login(editor)
    assert client.get(f"/admin/payments/orders/refund/{paid_order.pk}/").status_code in (302, 403)


def test_stripes_refusal_is_shown_to_staff_with_what_to_do(
    client, stripe_double, paid_order, staff
):
    # Disputed in Stripe, and the dispute's webhook not here yet: Stripe refuses the refund.
    stripe_double.dispute_charge(paid_order.stripe_charge_id)
    client.force_login(staff)

    page = client.post(f"/admin/payments/orders/refund/{paid_order.pk}/", {"amount": "100"})

    assert page.status_code == 200
    text = page.content.decode()
    assert f"Stripe refused to refund order {paid_order.pk}:" in text
    paid_order.refresh_from_db()
    assert paid_order.amount_refunded == 0
