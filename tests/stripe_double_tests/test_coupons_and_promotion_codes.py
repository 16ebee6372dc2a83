"""Coupons and Promotion Codes, and the limits a Checkout Session enforces on them."""

import pytest
import stripe

from tests.stripe_double import ApiError

from .support import seat_item


@pytest.fixture
def coupon(client):
    return client.v1.coupons.create(
        params={"id": "APRIL", "percent_off": 20, "duration": "once", "metadata": {"cohort": "7"}}
    )


def promo_for(client, coupon_id: str, **params):
    return client.v1.promotion_codes.create(
        params={"promotion": {"type": "coupon", "coupon": coupon_id}, **params}
    )


def test_coupon_create_retrieve_update_delete(client):
    generated = client.v1.coupons.create(params={"amount_off": 5_000, "currency": "EUR"})
    assert len(generated.id) == 8
    assert (generated.object, generated.currency, generated.valid) == ("coupon", "eur", True)
    named = client.v1.coupons.create(params={"id": "SPRING", "percent_off": 15, "name": "Spring"})
    with pytest.raises(stripe.InvalidRequestError) as duplicate:
        client.v1.coupons.create(params={"id": "SPRING", "percent_off": 15})
    assert duplicate.value.code == "resource_already_exists"
    updated = client.v1.coupons.update(
        named.id, params={"name": "Spring sale", "metadata": {"a": "1"}}
    )
    assert (updated.name, updated.metadata.to_dict()) == ("Spring sale", {"a": "1"})
    deleted = client.v1.coupons.delete(named.id)
    assert deleted.deleted is True
    with pytest.raises(stripe.InvalidRequestError) as gone:
        client.v1.coupons.retrieve(named.id)
    assert gone.value.http_status == 404
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.coupons.create(params={"amount_off": 5_000})  # currency required


def test_a_promotion_code_is_created_the_way_sdk_16_sends_it(client, coupon, stripe_double):
    promo = promo_for(
        client,
        coupon.id,
        code="APRIL17",
        max_redemptions=3,
        restrictions={"minimum_amount": 10_000, "minimum_amount_currency": "eur"},
        metadata={"discount_code_id": "9"},
    )
    assert promo.id.startswith("promo_")
    assert (promo.code, promo.active, promo.times_redeemed) == ("APRIL17", True, 0)
    assert promo.promotion.coupon == "APRIL"
    assert promo.restrictions.minimum_amount == 10_000
    (sent,) = stripe_double.requests_to("/v1/promotion_codes", method="POST")
    assert sent.params["promotion"] == {"type": "coupon", "coupon": "APRIL"}
    expanded = client.v1.promotion_codes.retrieve(promo.id, params={"expand": ["promotion.coupon"]})
    assert expanded.promotion.coupon.percent_off == 20


def test_an_active_code_is_unique_regardless_of_case(client, coupon):
    promo_for(client, coupon.id, code="APRIL17")
    with pytest.raises(stripe.InvalidRequestError) as caught:
        promo_for(client, coupon.id, code="april17")
    assert caught.value.code == "resource_already_exists"


def test_promotion_codes_list_filters_by_code_coupon_and_active(client, coupon):
    other = client.v1.coupons.create(params={"percent_off": 5})
    april = promo_for(client, coupon.id, code="APRIL17")
    may = promo_for(client, other.id, code="MAY17")
    client.v1.promotion_codes.update(may.id, params={"active": False})
    by_code = client.v1.promotion_codes.list(params={"code": "april17"}).data
    assert [p.id for p in by_code] == [april.id]
    by_coupon = client.v1.promotion_codes.list(params={"coupon": other.id}).data
    assert [p.id for p in by_coupon] == [may.id]
    active = client.v1.promotion_codes.list(params={"active": True}).data
    assert [p.id for p in active] == [april.id]


def test_an_inactive_code_is_refused(client, coupon, make_session):
    promo = promo_for(client, coupon.id, code="OFF")
    client.v1.promotion_codes.update(promo.id, params={"active": False})
    with pytest.raises(stripe.InvalidRequestError, match="not active") as caught:
        make_session(discounts=[{"promotion_code": promo.id}])
    assert caught.value.param == "discounts[0][promotion_code]"


def test_an_expired_code_is_refused(client, coupon, make_session, stripe_double):
    promo = promo_for(client, coupon.id, code="SOON", expires_at=stripe_double.now() + 600)
    assert make_session(discounts=[{"promotion_code": promo.id}]).amount_total == 40_000
    stripe_double.advance_clock(601)
    with pytest.raises(stripe.InvalidRequestError, match="has expired") as caught:
        make_session(discounts=[{"promotion_code": promo.id}])
    assert caught.value.code == "coupon_expired"


def test_a_code_below_its_minimum_amount_is_refused(client, coupon, make_session):
    promo = promo_for(
        client,
        coupon.id,
        code="BIG",
        restrictions={"minimum_amount": 100_000, "minimum_amount_currency": "eur"},
    )
    with pytest.raises(stripe.InvalidRequestError, match="minimum order amount of 100000"):
        make_session(line_items=[seat_item(50_000)], discounts=[{"promotion_code": promo.id}])
    enough = make_session(
        line_items=[seat_item(50_000, quantity=2)], discounts=[{"promotion_code": promo.id}]
    )
    assert enough.total_details.amount_discount == 20_000


def test_redemptions_count_completed_sessions_only_up_to_the_limit(
    client, coupon, make_session, stripe_double
):
    promo = promo_for(client, coupon.id, code="TWICE", max_redemptions=2)
    sessions = [make_session(discounts=[{"promotion_code": promo.id}]) for _ in range(3)]
    stripe_double.expire_session(sessions[0].id)
    stripe_double.complete_session(sessions[1].id)
    assert client.v1.promotion_codes.retrieve(promo.id).times_redeemed == 1
    stripe_double.complete_session(sessions[2].id, paid=False)
    assert client.v1.promotion_codes.retrieve(promo.id).times_redeemed == 2
    assert client.v1.coupons.retrieve(coupon.id).times_redeemed == 2
    with pytest.raises(stripe.InvalidRequestError, match="maximum redemptions"):
        make_session(discounts=[{"promotion_code": promo.id}])


def test_an_open_session_cannot_complete_once_its_code_is_exhausted(
    client, coupon, make_session, stripe_double
):
    promo = promo_for(client, coupon.id, code="ONCE", max_redemptions=1)
    first, second = (make_session(discounts=[{"promotion_code": promo.id}]) for _ in range(2))
    stripe_double.complete_session(first.id)
    with pytest.raises(ApiError, match="maximum redemptions"):
        stripe_double.complete_session(second.id)
    assert client.v1.checkout.sessions.retrieve(second.id).status == "open"


def test_a_coupon_past_redeem_by_or_max_redemptions_is_invalid(client, make_session, stripe_double):
    limited = client.v1.coupons.create(params={"percent_off": 10, "max_redemptions": 1})
    stripe_double.complete_session(make_session(discounts=[{"coupon": limited.id}]).id)
    assert client.v1.coupons.retrieve(limited.id).valid is False
    with pytest.raises(stripe.InvalidRequestError, match="maximum redemptions"):
        make_session(discounts=[{"coupon": limited.id}])
    dated = client.v1.coupons.create(
        params={"percent_off": 10, "redeem_by": stripe_double.now() + 60}
    )
    stripe_double.advance_clock(61)
    assert client.v1.coupons.retrieve(dated.id).valid is False
    with pytest.raises(stripe.InvalidRequestError, match="has expired"):
        make_session(discounts=[{"coupon": dated.id}])


def test_an_amount_off_coupon_in_another_currency_is_refused(client, make_session):
    usd = client.v1.coupons.create(params={"amount_off": 1_000, "currency": "usd"})
    with pytest.raises(stripe.InvalidRequestError, match="is for usd"):
        make_session(discounts=[{"coupon": usd.id}])
