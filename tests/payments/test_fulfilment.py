"""Fulfilment exactly once: whatever Stripe sends, in whatever order, the buyer is enrolled
once, only for a paid session, and the discount use counts once.

Events come from the local Stripe double (``complete_session``, ``resolve_async_payment``,
``refund_charge``, ``expire_session``) and reach the webhook view signed, through Django's test
client; ``settle()`` runs what was queued on commit (Celery runs eagerly in tests)."""

import datetime as dt
import json
import time

import pytest
import time_machine

from django.utils import timezone

from courses.capacity import cohort_seats_left
from courses.models import Enrollment, EnrollmentSource, EnrollmentStatus, EnrollmentTier
from engine.capacity.models import Hold
from payments.models import DiscountRedemption, Order, OrderStatus, RedemptionStatus, Team
from payments.orders import order_checkout_start
from tests.factories import DiscountCodeFactory, EnrollmentFactory

from .conftest import WEBHOOK_URL, deliver, event_of, post_event

pytestmark = pytest.mark.django_db


def buy(buyer, cohort, *, seats=1, tier=EnrollmentTier.STANDARD, code=None) -> Order:
    return order_checkout_start(
        buyer=buyer, target=cohort, tier=tier, seats=seats, code=code, site_url="http://t"
    ).order


def active_places(user, cohort) -> int:
    return Enrollment.objects.filter(
        user=user, cohort=cohort, status=EnrollmentStatus.ACTIVE
    ).count()


def test_a_paid_session_enrols_the_buyer_and_confirms_the_code(
    client, stripe_double, buyer, cohort, settle, mailoutbox
):
    code = DiscountCodeFactory(code="APRIL17", cohorts=[cohort])
    order = buy(buyer, cohort, code="APRIL17")
    stripe_double.complete_session(order.stripe_session_id)
    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)

    assert order.status == OrderStatus.FULFILLED
    assert (order.amount_paid, order.discount_amount) == (140_000, 10_000)
    enrollment = Enrollment.objects.get(user=buyer, cohort=cohort)
    assert (enrollment.source, enrollment.tier, order.enrollment_id) == (
        EnrollmentSource.ORDER,
        EnrollmentTier.STANDARD,
        enrollment.pk,
    )
    assert DiscountRedemption.objects.get(order=order).status == RedemptionStatus.USED
    code.refresh_from_db()
    assert code.used == 1
    assert not Hold.objects.exists()  # the held seat became the enrollment
    assert cohort_seats_left(cohort=cohort) == 29
    (receipt,) = mailoutbox
    assert receipt.to == ["buyer@example.com"]
    assert "Discount (APRIL17): -$100.00" in receipt.body
    assert "Total paid: $1,400.00" in receipt.body
    html = receipt.alternatives[0][0]
    assert "Receipt — order" in html and "$1,400.00" in html


def test_the_same_event_twice_and_the_success_page_enrol_once(
    client, stripe_double, buyer, cohort, settle
):
    DiscountCodeFactory(code="APRIL17", cohorts=[cohort])
    order = buy(buyer, cohort, code="APRIL17")
    stripe_double.complete_session(order.stripe_session_id)
    deliver(client, stripe_double, "checkout.session.completed", order, settle)
    deliver(client, stripe_double, "checkout.session.completed", order, settle)
    client.force_login(buyer)
    with settle():
        page = client.get(f"/payments/checkout/return/?session_id={order.stripe_session_id}")
    assert page.status_code == 302
    assert Enrollment.objects.filter(user=buyer, cohort=cohort).count() == 1
    assert DiscountRedemption.objects.filter(order=order).count() == 1
    assert DiscountRedemption.objects.get(order=order).code.used == 1


def test_the_success_page_grants_nothing_for_an_unpaid_session(
    client, stripe_double, buyer, cohort, settle
):
    order = buy(buyer, cohort)
    client.force_login(buyer)
    with settle():
        response = client.get(
            f"/payments/checkout/return/?session_id={order.stripe_session_id}", follow=True
        )
    assert "Waiting for payment" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert active_places(buyer, cohort) == 0


def test_a_signed_event_claiming_paid_is_checked_against_stripe(
    client, stripe_double, buyer, cohort, settle
):
    """Handlers re-read the session: the event's copy of it never decides anything."""
    order = buy(buyer, cohort)
    payload = json.dumps(
        {
            "id": "evt_test_claims_paid",
            "object": "event",
            "type": "checkout.session.completed",
            "created": int(time.time()),
            "livemode": False,
            "api_version": stripe_double.store.api_version,
            "data": {
                "object": {
                    "id": order.stripe_session_id,
                    "object": "checkout.session",
                    "status": "complete",
                    "payment_status": "paid",
                    "metadata": {"order_id": str(order.pk)},
                }
            },
        }
    ).encode()
    with settle():
        response = client.post(
            WEBHOOK_URL,
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=stripe_double.sign(payload),
        )
    assert response.status_code == 200
    order.refresh_from_db()
    assert (order.status, order.stripe_session_status) == (OrderStatus.PENDING, "open")
    assert active_places(buyer, cohort) == 0


def test_a_bank_transfer_waits_then_enrols_when_it_succeeds(
    client, stripe_double, buyer, cohort, settle
):
    order = buy(buyer, cohort)
    stripe_double.complete_session(order.stripe_session_id, paid=False)
    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
    assert order.status == OrderStatus.PENDING and order.awaiting_bank_transfer
    assert active_places(buyer, cohort) == 0
    hold = Hold.objects.get(reference=f"order:{order.pk}")
    assert hold.expires_at > timezone.now() + dt.timedelta(days=6)  # kept for the transfer
    client.force_login(buyer)
    assert (
        "Waiting for your bank transfer"
        in client.get(f"/payments/orders/{order.pk}/").content.decode()
    )

    stripe_double.resolve_async_payment(order.stripe_session_id, succeeded=True)
    order = deliver(
        client, stripe_double, "checkout.session.async_payment_succeeded", order, settle
    )
    assert order.status == OrderStatus.FULFILLED
    assert active_places(buyer, cohort) == 1
    page = client.get(f"/payments/orders/{order.pk}/").content.decode()
    assert (
        "Payment received — you&#x27;re enrolled" in page
        or "Payment received — you're enrolled" in page
    )


def test_a_failed_bank_transfer_releases_the_seats_and_the_code(
    client, stripe_double, buyer, cohort, settle, mailoutbox
):
    code = DiscountCodeFactory(code="APRIL17", cohorts=[cohort])
    order = buy(buyer, cohort, code="APRIL17")
    stripe_double.complete_session(order.stripe_session_id, paid=False)
    deliver(client, stripe_double, "checkout.session.completed", order, settle)
    stripe_double.resolve_async_payment(order.stripe_session_id, succeeded=False)
    order = deliver(client, stripe_double, "checkout.session.async_payment_failed", order, settle)
    assert order.status == OrderStatus.FAILED
    assert active_places(buyer, cohort) == 0
    assert not Hold.objects.exists()
    assert cohort_seats_left(cohort=cohort) == 30
    code.refresh_from_db()
    assert code.used == 0
    assert DiscountRedemption.objects.get(order=order).status == RedemptionStatus.RELEASED
    (email,) = mailoutbox
    assert "did not go through" in email.subject


def test_the_async_success_arriving_before_completion_enrols_once(
    client, stripe_double, buyer, cohort, settle
):
    order = buy(buyer, cohort)
    stripe_double.complete_session(order.stripe_session_id, paid=False)
    stripe_double.resolve_async_payment(order.stripe_session_id, succeeded=True)
    deliver(client, stripe_double, "checkout.session.async_payment_succeeded", order, settle)
    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
    assert order.status == OrderStatus.FULFILLED
    assert active_places(buyer, cohort) == 1


def test_expiry_releases_the_seats_and_the_code(client, stripe_double, buyer, cohort, settle):
    code = DiscountCodeFactory(code="APRIL17", cohorts=[cohort], max_redemptions=1)
    order = buy(buyer, cohort, seats=3, code="APRIL17")
    assert cohort_seats_left(cohort=cohort) == 27
    code.refresh_from_db()
    assert code.used == 1
    stripe_double.expire_session(order.stripe_session_id)
    order = deliver(client, stripe_double, "checkout.session.expired", order, settle)
    assert order.status == OrderStatus.EXPIRED
    assert cohort_seats_left(cohort=cohort) == 30
    code.refresh_from_db()
    assert code.used == 0
    assert DiscountRedemption.objects.get(order=order).status == RedemptionStatus.RELEASED


def test_a_refund_before_completion_means_no_place(client, stripe_double, buyer, cohort, settle):
    """Stripe's dashboard refunds the charge before our completion webhook arrives."""
    code = DiscountCodeFactory(code="APRIL17", cohorts=[cohort])
    order = buy(buyer, cohort, code="APRIL17")
    session = stripe_double.complete_session(order.stripe_session_id)
    charge_id = stripe_double.get(session["payment_intent"])["latest_charge"]
    stripe_double.refund_charge(charge_id)
    with settle():
        post_event(client, stripe_double, event_of(stripe_double, "charge.refunded")["id"])
    order.refresh_from_db()
    assert (order.status, order.amount_refunded) == (OrderStatus.REFUNDED, 140_000)
    assert not Hold.objects.exists()

    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
    assert order.status == OrderStatus.REFUNDED
    assert active_places(buyer, cohort) == 0
    code.refresh_from_db()
    assert code.used == 0
    assert DiscountRedemption.objects.get(order=order).status == RedemptionStatus.RETURNED


def test_a_payment_whose_seat_is_gone_is_refunded_in_full(
    client, stripe_double, buyer, cohort, settle, mailoutbox
):
    cohort.capacity = 1
    cohort.save(update_fields=["capacity"])
    order = buy(buyer, cohort)
    stripe_double.complete_session(order.stripe_session_id)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=40)):
        # The webhook was down past the hold's expiry, and staff gave the seat away.
        EnrollmentFactory(cohort=cohort)
        order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
    assert order.status == OrderStatus.REFUNDED
    assert order.amount_refunded == order.amount_paid == 150_000
    assert "filled up" in order.failure_reason
    assert active_places(buyer, cohort) == 0
    (refund,) = stripe_double.requests_to("/v1/refunds", "POST")
    assert refund.idempotency_key == f"refund-{order.pk}-150000-0"
    subjects = sorted(m.subject for m in mailoutbox)
    assert any("We could not hold your place" in s for s in subjects)
    assert any("Credit note" in s for s in subjects)


def test_six_executive_seats_make_a_team_holding_the_seats(
    client, stripe_double, buyer, cohort, bands, settle, mailoutbox
):
    order = buy(buyer, cohort, seats=6, tier=EnrollmentTier.EXECUTIVE)
    assert order.unit_amount == 225_000  # 5-9 seats: 10% off
    stripe_double.complete_session(order.stripe_session_id)
    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
    team = Team.objects.get()
    assert (order.status, order.team_id) == (OrderStatus.FULFILLED, team.pk)
    assert (team.owner, team.cohort, team.tier, team.seats_total) == (
        buyer,
        cohort,
        EnrollmentTier.EXECUTIVE,
        6,
    )
    hold = Hold.objects.get()
    assert (hold.reference, hold.places, hold.expires_at) == (f"team:{team.pk}", 6, None)
    assert active_places(buyer, cohort) == 0  # the owner takes a seat only if they choose
    assert f"/payments/teams/{team.pk}/" in mailoutbox[0].body
