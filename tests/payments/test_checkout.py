"""Starting a checkout: seats held, code reserved, a Stripe Checkout Session for our amount.

Each test drives the real ``stripe`` SDK over HTTP against the local Stripe double and
asserts on the requests it recorded."""

import datetime as dt

import pytest
import time_machine

from django.utils import timezone

from courses.capacity import cohort_seats_left
from courses.models import Enrollment, EnrollmentStatus, EnrollmentTier
from engine.capacity.models import Hold
from payments.errors import CheckoutRefused, PaymentProviderUnavailable, SoldOut
from payments.models import DiscountRedemption, Order, OrderStatus, RedemptionStatus
from payments.orders import order_checkout_start
from tests.factories import (
    DiscountCodeFactory,
    EnrollmentFactory,
    UserFactory,
    VerifiedUserFactory,
    on_sale_cohort,
)

pytestmark = pytest.mark.django_db


def start(buyer, cohort, **kwargs):
    kwargs.setdefault("tier", EnrollmentTier.STANDARD)
    kwargs.setdefault("seats", 1)
    return order_checkout_start(buyer=buyer, target=cohort, site_url="http://testserver", **kwargs)


def test_checkout_holds_the_seats_and_opens_a_session_for_our_amount(stripe_double, buyer, cohort):
    now = timezone.now()
    checkout = start(buyer, cohort, tier=EnrollmentTier.EXECUTIVE, seats=2)
    order = checkout.order
    assert order.status == OrderStatus.PENDING
    assert (order.unit_amount, order.total_amount) == (250_000, 500_000)
    assert checkout.redirect_url == stripe_double.get(order.stripe_session_id)["url"]

    hold = Hold.objects.get(reference=f"order:{order.pk}")
    assert hold.places == 2
    assert hold.expires_at == order.expires_at
    assert dt.timedelta(minutes=30) < order.expires_at - now <= dt.timedelta(minutes=32)
    assert cohort_seats_left(cohort=cohort) == 28

    (request,) = stripe_double.requests_to("/v1/checkout/sessions", "POST")
    assert request.idempotency_key == f"order-{order.pk}-checkout"
    params = request.params
    assert params["mode"] == "payment"
    assert params["metadata"]["order_id"] == str(order.pk)
    assert params["client_reference_id"] == str(order.pk)
    assert params["customer_email"] == "buyer@example.com"
    assert int(params["expires_at"]) == int(order.expires_at.timestamp())
    (item,) = params["line_items"]
    assert item["price_data"]["unit_amount"] == "250000"
    assert item["quantity"] == "2"
    assert params["success_url"].startswith("http://testserver/payments/checkout/return/")
    assert "{CHECKOUT_SESSION_ID}" in params["success_url"]
    session = stripe_double.get(order.stripe_session_id)
    assert (session["amount_total"], session["status"]) == (500_000, "open")


def test_a_full_class_answers_sold_out_with_the_next_class_and_never_calls_stripe(
    stripe_double, buyer
):
    full = on_sale_cohort(name="May class", slug="may", capacity=1)
    later = on_sale_cohort(
        name="June class",
        slug="june",
        course=full.course,
        start_date=full.start_date + dt.timedelta(days=28),
    )
    EnrollmentFactory(cohort=full)
    with pytest.raises(SoldOut) as raised:
        start(buyer, full)
    assert raised.value.next_cohort == later
    assert "May class is sold out. The next open class is June class." in raised.value.message
    assert Order.objects.count() == 0
    assert stripe_double.requests == []


def test_asking_for_more_seats_than_are_left_says_how_many_remain(stripe_double, buyer):
    small = on_sale_cohort(capacity=3)
    with pytest.raises(SoldOut, match="only 3 seat"):
        start(buyer, small, seats=5)
    assert stripe_double.requests == []


def test_a_code_that_makes_the_total_zero_enrols_without_stripe(
    stripe_double, buyer, cohort, settle, mailoutbox
):
    code = DiscountCodeFactory(code="FREEBIE", amount_off=None, percent_off=100)
    with settle():
        checkout = start(buyer, cohort, code="freebie")
    order = Order.objects.get(pk=checkout.order.pk)
    assert (order.status, order.total_amount, order.amount_paid) == (OrderStatus.FULFILLED, 0, 0)
    assert checkout.redirect_url == f"http://testserver/payments/orders/{order.pk}/"
    assert Enrollment.objects.get(user=buyer, cohort=cohort).status == EnrollmentStatus.ACTIVE
    assert DiscountRedemption.objects.get(order=order).status == RedemptionStatus.USED
    code.refresh_from_db()
    assert code.used == 1
    assert not Hold.objects.exists()
    assert stripe_double.requests == []
    assert [m.subject for m in mailoutbox] == [
        f"[Institute] Receipt for order {order.pk}: April 2027 class"
    ]


def test_when_stripe_is_unreachable_the_seats_and_code_are_given_back(
    stripe_double, settings, buyer, cohort
):
    code = DiscountCodeFactory(code="APRIL17", cohorts=[cohort], max_redemptions=5)
    start(UserFactory(), cohort, code="APRIL17")  # mirrors the code while Stripe is up
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    with pytest.raises(PaymentProviderUnavailable, match="nothing was charged"):
        start(buyer, cohort, code="APRIL17")
    order = Order.objects.filter(buyer=buyer).get()
    assert order.status == OrderStatus.FAILED
    assert not Hold.objects.filter(reference=f"order:{order.pk}").exists()
    assert DiscountRedemption.objects.get(order=order).status == RedemptionStatus.RELEASED
    code.refresh_from_db()
    assert code.used == 1  # the first buyer's checkout, still open


def test_a_session_whose_amount_differs_from_ours_is_expired_and_nothing_is_held(
    stripe_double, buyer, cohort
):
    code = DiscountCodeFactory(code="TENOFF", amount_off=None, percent_off=10)
    start(UserFactory(), cohort, code="TENOFF")  # mirrors 10% off to Stripe
    code.refresh_from_db()
    # An editor's change that never reached Stripe's copy, though it looks current here.
    type(code).objects.filter(pk=code.pk).update(percent_off=20)
    code.refresh_from_db()
    from payments.discounts import discount_code_terms

    type(code).objects.filter(pk=code.pk).update(stripe_terms=discount_code_terms(code))
    with pytest.raises(PaymentProviderUnavailable, match="could not prepare your payment"):
        start(buyer, cohort, code="TENOFF")
    order = Order.objects.filter(buyer=buyer).get()
    assert order.status == OrderStatus.FAILED
    assert stripe_double.get(order.stripe_session_id)["status"] == "expired"
    assert not Hold.objects.filter(reference=f"order:{order.pk}").exists()


def test_the_same_purchase_again_returns_to_the_open_checkout(stripe_double, buyer, cohort):
    first = start(buyer, cohort)
    again = start(buyer, cohort)
    assert again.order.pk == first.order.pk
    assert again.redirect_url == first.redirect_url
    assert len(stripe_double.requests_to("/v1/checkout/sessions", "POST")) == 1


def test_a_different_purchase_cancels_the_open_checkout_and_its_hold(stripe_double, buyer, cohort):
    first = start(buyer, cohort)
    second = start(buyer, cohort, tier=EnrollmentTier.EXECUTIVE)
    first.order.refresh_from_db()
    assert first.order.status == OrderStatus.EXPIRED
    assert stripe_double.get(first.order.stripe_session_id)["status"] == "expired"
    assert not Hold.objects.filter(reference=f"order:{first.order.pk}").exists()
    assert Hold.objects.filter(reference=f"order:{second.order.pk}").exists()


def test_someone_already_in_the_class_is_told_so(stripe_double, buyer, cohort):
    EnrollmentFactory(user=buyer, cohort=cohort)
    with pytest.raises(CheckoutRefused, match="already have a place in April 2027 class"):
        start(buyer, cohort)
    assert stripe_double.requests == []


def test_a_class_whose_enrollment_closed_is_refused(stripe_double, buyer, cohort):
    closed = cohort.enrollment_closes_at + dt.timedelta(minutes=1)
    with (
        time_machine.travel(closed),
        pytest.raises(CheckoutRefused, match="Enrollment in April 2027 class has closed"),
    ):
        start(buyer, cohort)


def test_an_anonymous_visitor_must_sign_in(stripe_double, cohort):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(CheckoutRefused, match="Sign in"):
        start(AnonymousUser(), cohort)


def test_the_buy_page_ignores_a_price_the_client_sends(stripe_double, client, buyer, cohort):
    client.force_login(buyer)
    response = client.post(
        f"/payments/buy/{cohort.slug}/",
        {
            "tier": "standard",
            "seats": "1",
            "action": "pay",
            "unit_amount": "1",
            "price": "1",
            "total": "1",
            "amount": "1",
        },
    )
    order = Order.objects.get(buyer=buyer)
    assert response.status_code == 302
    assert response["Location"] == order.checkout_url
    assert order.total_amount == 150_000
    (request,) = stripe_double.requests_to("/v1/checkout/sessions", "POST")
    assert request.params["line_items"][0]["price_data"]["unit_amount"] == "150000"
    assert stripe_double.get(order.stripe_session_id)["amount_total"] == 150_000


def test_the_buy_page_shows_a_computed_quote_with_the_code(client, cohort, bands):
    DiscountCodeFactory(code="APRIL17", cohorts=[cohort])
    response = client.post(
        f"/payments/buy/{cohort.slug}/",
        {"tier": "executive", "seats": "6", "code": "april17", "action": "quote"},
    )
    assert response.status_code == 200
    quote = response.context["quote"]
    assert (quote.unit_amount, quote.subtotal_amount, quote.discount_amount) == (
        225_000,
        1_350_000,
        10_000,
    )
    assert "$13,400.00" in response.content.decode()


def test_the_buy_page_sends_a_visitor_to_sign_in_before_paying(client, cohort):
    response = client.post(
        f"/payments/buy/{cohort.slug}/", {"tier": "standard", "seats": "1", "action": "pay"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/payments/buy/")


def test_the_buy_page_shows_sold_out_with_a_link_to_the_next_class(stripe_double, client, buyer):
    full = on_sale_cohort(name="May class", slug="may", capacity=1)
    on_sale_cohort(
        name="June class",
        slug="june",
        course=full.course,
        start_date=full.start_date + dt.timedelta(28),
    )
    EnrollmentFactory(cohort=full)
    client.force_login(VerifiedUserFactory())
    response = client.post(
        "/payments/buy/may/", {"tier": "standard", "seats": "1", "action": "pay"}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "May class is sold out" in body
    assert 'href="/payments/buy/june/"' in body
