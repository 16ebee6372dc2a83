"""Discount codes: a specific message for each reason a code does not apply, limits held by
the database, and each code's mirror in Stripe (a Coupon and a Promotion Code)."""

import datetime as dt

import pytest
import time_machine

from django.urls import reverse
from django.utils import timezone

from courses.models import EnrollmentTier
from payments.discounts import discount_code_mirror, purchase_quote
from payments.errors import DiscountRejected
from payments.models import DiscountCode, OrderStatus
from payments.orders import order_checkout_start
from tests.factories import DiscountCodeFactory, VerifiedUserFactory, on_sale_cohort

pytestmark = pytest.mark.django_db


def buy(buyer, cohort, code, *, seats=1, tier=EnrollmentTier.STANDARD):
    return order_checkout_start(
        buyer=buyer, target=cohort, tier=tier, seats=seats, code=code, site_url="http://t"
    )


def rejection(buyer, cohort, code, **kwargs) -> DiscountRejected:
    with pytest.raises(DiscountRejected) as raised:
        buy(buyer, cohort, code, **kwargs)
    return raised.value


def test_an_unknown_code_is_invalid(stripe_double, buyer, cohort):
    error = rejection(buyer, cohort, "NOPE")
    assert (error.reason, error.field) == ("invalid", "code")
    assert error.message.startswith("There is no discount code NOPE.")
    assert stripe_double.requests == []


def test_a_deactivated_code_is_invalid(stripe_double, buyer, cohort):
    DiscountCodeFactory(code="OLD", active=False)
    assert rejection(buyer, cohort, "OLD").reason == "invalid"


def test_a_code_before_its_start_is_not_yet_valid(stripe_double, buyer, cohort):
    DiscountCodeFactory(code="SOON", valid_from=timezone.now() + dt.timedelta(days=2))
    error = rejection(buyer, cohort, "SOON")
    assert error.reason == "not_yet_valid"
    assert "not valid yet: it can be used from" in error.message


def test_a_code_dies_with_its_class_enrollment_by_default(stripe_double, buyer, cohort):
    cohort.enrollment_closes_at = timezone.now() + dt.timedelta(days=1)
    cohort.save(update_fields=["enrollment_closes_at"])
    DiscountCodeFactory(code="APRIL17", cohorts=[cohort])
    with time_machine.travel(cohort.enrollment_closes_at - dt.timedelta(minutes=1)):
        assert buy(buyer, cohort, "APRIL17").order.discount_amount == 10_000
    late = VerifiedUserFactory()
    DiscountCodeFactory(code="ENDED", valid_until=timezone.now() - dt.timedelta(hours=1))
    error = rejection(late, cohort, "ENDED")
    assert (error.reason, error.message[:22]) == ("expired", "Code ENDED expired on ")


def test_without_an_end_date_a_code_expires_when_its_class_enrollment_closes(buyer, cohort):
    from payments.discounts import discount_code_check

    code = DiscountCodeFactory(code="APRIL17", cohorts=[cohort])
    after = cohort.enrollment_closes_at + dt.timedelta(seconds=1)
    with pytest.raises(DiscountRejected) as raised:
        discount_code_check(
            code=code,
            buyer=buyer,
            cohort=cohort,
            tier=EnrollmentTier.STANDARD,
            seats=1,
            currency="usd",
            now=after,
        )
    assert raised.value.reason == "expired"


def test_a_code_for_another_class_names_the_class_it_is_for(stripe_double, buyer, cohort):
    other = on_sale_cohort(name="May 2027 class")
    DiscountCodeFactory(code="MAYONLY", cohorts=[other])
    error = rejection(buyer, cohort, "MAYONLY")
    assert error.reason == "wrong_class"
    assert (
        error.message == "Code MAYONLY is not valid for April 2027 class; it is for May 2027 class."
    )


def test_a_code_for_another_tier_says_which(stripe_double, buyer, cohort):
    DiscountCodeFactory(code="EXEC", tiers=[EnrollmentTier.EXECUTIVE])
    error = rejection(buyer, cohort, "EXEC")
    assert (error.reason, error.message) == (
        "wrong_tier",
        "Code EXEC is valid for the Executive option only.",
    )


def test_the_buy_page_quote_the_api_quote_and_checkout_check_a_code_alike(
    client, stripe_double, buyer, cohort
):
    DiscountCodeFactory(code="EXEC", tiers=[EnrollmentTier.EXECUTIVE])
    wanted = {"tier": "standard", "seats": 1, "code": "exec"}
    message = rejection(buyer, cohort, "exec").message

    page = client.post(reverse("payments:buy", args=[cohort.slug]), {**wanted, "action": "quote"})
    api = client.post(
        "/api/v1/payments/quote/",
        {**wanted, "cohort": cohort.slug},
        content_type="application/json",
    )

    assert page.status_code == 400 and message in page.content.decode()
    assert api.status_code == 400 and api.json()["detail"] == message
    blank = purchase_quote(cohort=cohort, tier="standard", seats=1, code=" ", buyer=buyer)
    assert (blank.discount_code, blank.total_amount) == (None, 150_000)


def test_a_team_code_needs_its_minimum_seats(stripe_double, buyer, cohort):
    DiscountCodeFactory(code="TEAM5", min_seats=5)
    error = rejection(buyer, cohort, "TEAM5", seats=3)
    assert (error.reason, error.message) == (
        "min_seats",
        "Code TEAM5 needs at least 5 seats in one order.",
    )


def test_an_exhausted_code_says_so(stripe_double, buyer, cohort):
    DiscountCodeFactory(code="ONE", max_redemptions=1)
    buy(VerifiedUserFactory(), cohort, "ONE")
    error = rejection(buyer, cohort, "ONE")
    assert (error.reason, error.message) == ("exhausted", "Code ONE has been used up.")


def test_a_once_per_customer_code_cannot_be_used_twice(stripe_double, buyer, cohort):
    DiscountCodeFactory(code="ONCE")
    buy(buyer, cohort, "ONCE")
    error = rejection(buyer, on_sale_cohort(), "ONCE")
    assert error.reason == "already_used"
    # Not paid yet: the code is held by that checkout, which the message names.
    assert error.message.startswith("Code ONCE is held by your unpaid checkout for ")


def test_a_used_up_code_frees_a_use_when_a_checkout_expires(
    stripe_double, buyer, cohort, client, settle
):
    from .conftest import event_of, post_event

    DiscountCodeFactory(code="ONE", max_redemptions=1)
    first = buy(VerifiedUserFactory(), cohort, "ONE").order
    assert rejection(buyer, cohort, "ONE").reason == "exhausted"
    stripe_double.expire_session(first.stripe_session_id)
    with settle():
        post_event(client, stripe_double, event_of(stripe_double, "checkout.session.expired")["id"])
    assert buy(buyer, cohort, "ONE").order.status == OrderStatus.PENDING


def test_a_code_is_mirrored_to_a_stripe_coupon_and_promotion_code(stripe_double, cohort):
    code = DiscountCodeFactory(code="APRIL17", amount_off=10_000, cohorts=[cohort])
    mirrored = discount_code_mirror(code_id=code.pk)
    coupon = stripe_double.get(mirrored.stripe_coupon_id)
    promo = stripe_double.get(mirrored.stripe_promotion_code_id)
    assert (coupon["amount_off"], coupon["currency"], coupon["name"]) == (10_000, "usd", "APRIL17")
    assert coupon["max_redemptions"] is None  # limits are ours, not Stripe's
    assert (promo["code"], promo["active"], promo["promotion"]["coupon"]) == (
        "APRIL17",
        True,
        coupon["id"],
    )
    keys = [r.idempotency_key for r in stripe_double.requests if r.method == "POST"]
    assert keys[0].startswith(f"discount-{code.pk}-") and keys[0].endswith("-coupon")
    assert keys[1].endswith("-promo")

    # Mirroring again with the same terms creates nothing new.
    discount_code_mirror(code_id=code.pk)
    assert len(stripe_double.requests_to("/v1/coupons", "POST")) == 1


def test_new_terms_make_a_new_coupon_and_retire_the_old_promotion_code(stripe_double):
    code = DiscountCodeFactory(code="SPRING", amount_off=None, percent_off=10)
    first = discount_code_mirror(code_id=code.pk)
    DiscountCode.objects.filter(pk=code.pk).update(percent_off=15)
    second = discount_code_mirror(code_id=code.pk)
    assert second.stripe_coupon_id != first.stripe_coupon_id
    assert stripe_double.get(first.stripe_promotion_code_id)["active"] is False
    assert stripe_double.get(second.stripe_promotion_code_id)["active"] is True
    assert stripe_double.get(second.stripe_coupon_id)["percent_off"] == 15


def test_a_checkout_with_a_code_names_its_promotion_code_to_stripe(stripe_double, buyer, cohort):
    DiscountCodeFactory(code="APRIL17", cohorts=[cohort])
    order = buy(buyer, cohort, "april17").order
    session = stripe_double.get(order.stripe_session_id)
    assert session["amount_total"] == order.total_amount == 140_000
    assert session["discounts"][0]["promotion_code"] == order.discount_code.stripe_promotion_code_id
