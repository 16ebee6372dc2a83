"""Checkout Sessions (mode=payment): creation rules, totals, retrieval, listing, expiry."""

import time

import pytest
import stripe
import time_machine

from .support import seat_item


def test_line_items_by_price_and_price_data_sum_to_the_subtotal(client, make_session):
    price = client.v1.prices.create(
        params={"currency": "eur", "unit_amount": 12_000, "product_data": {"name": "Executive"}}
    )
    session = make_session(
        line_items=[seat_item(50_000, quantity=3), {"price": price.id, "quantity": 2}]
    )
    assert session.object == "checkout.session"
    assert session.id.startswith("cs_test_")
    assert (session.status, session.payment_status, session.mode) == ("open", "unpaid", "payment")
    assert session.currency == "eur"
    assert session.amount_subtotal == 3 * 50_000 + 2 * 12_000
    assert session.amount_total == session.amount_subtotal
    assert session.total_details.amount_discount == 0
    assert session.payment_intent is None
    assert session.livemode is False
    assert session.metadata.to_dict() == {"order_id": "42"}
    assert session.url.endswith(f"/checkout/{session.id}")
    items = client.v1.checkout.sessions.line_items.list(session.id)
    assert [(i.description, i.quantity, i.amount_total) for i in items.data] == [
        ("Product Management Foundations — April cohort", 3, 150_000),
        ("Executive", 2, 24_000),
    ]
    assert items.data[1].price.id == price.id


def test_a_percent_coupon_rounds_each_line_half_up(client, make_session):
    coupon = client.v1.coupons.create(params={"percent_off": 12.5, "id": "TWELVE"})
    session = make_session(
        line_items=[seat_item(999, quantity=1), seat_item(1_001, quantity=1)],
        discounts=[{"coupon": coupon.id}],
    )
    # 12.5% of 999 = 124.875 -> 125; of 1001 = 125.125 -> 125
    assert session.total_details.amount_discount == 250
    assert session.amount_total == 2_000 - 250
    assert session.discounts[0].coupon == "TWELVE"
    assert session.discounts[0].promotion_code is None


def test_an_amount_off_promotion_code_is_split_across_lines_and_capped(client, make_session):
    coupon = client.v1.coupons.create(params={"amount_off": 10_000, "currency": "eur"})
    promo = client.v1.promotion_codes.create(
        params={"promotion": {"type": "coupon", "coupon": coupon.id}, "code": "APRIL17"}
    )
    session = make_session(
        line_items=[seat_item(30_000), seat_item(10_000)],
        discounts=[{"promotion_code": promo.id}],
    )
    assert session.amount_subtotal == 40_000
    assert session.total_details.amount_discount == 10_000
    assert session.amount_total == 30_000
    items = client.v1.checkout.sessions.line_items.list(session.id).data
    assert [i.amount_discount for i in items] == [7_500, 2_500]
    small = make_session(line_items=[seat_item(4_000)], discounts=[{"promotion_code": promo.id}])
    assert small.amount_total == 0
    assert small.total_details.amount_discount == 4_000


def test_automatic_tax_waits_for_the_buyers_location(make_session):
    """Without a customer address the tax is not known until the buyer enters one (see
    test_invoices_and_tax.py for the double's rate table at work)."""
    session = make_session(automatic_tax={"enabled": True})
    assert session.automatic_tax.enabled is True
    assert session.automatic_tax.status == "requires_location_inputs"
    assert session.total_details.amount_tax == 0


@pytest.mark.parametrize(
    ("offset", "message"),
    [(30 * 60 - 1, "at least 30 minutes"), (24 * 3600 + 1, "less than 24 hours")],
)
def test_expires_at_must_be_30_minutes_to_24_hours_out(
    make_session, stripe_double, offset, message
):
    with (
        time_machine.travel(time.time(), tick=False),
        pytest.raises(stripe.InvalidRequestError, match=message) as caught,
    ):
        make_session(expires_at=stripe_double.now() + offset)
    assert caught.value.param == "expires_at"


def test_expires_at_accepts_both_bounds_and_defaults_to_24_hours(make_session, stripe_double):
    """Exactly on the bounds, with the clock frozen. A caller sending ``now + 30 min`` with a
    running clock races the next second (on Stripe as here) and should leave a margin."""
    with time_machine.travel(time.time(), tick=False):
        now = stripe_double.now()
        assert make_session(expires_at=now + 30 * 60).expires_at == now + 30 * 60
        assert make_session(expires_at=now + 24 * 3600).expires_at == now + 24 * 3600
        assert make_session(expires_at=None).expires_at == now + 24 * 3600


@pytest.mark.parametrize(
    ("overrides", "param"),
    [
        ({"mode": "subscription"}, "mode"),
        ({"line_items": None}, "line_items"),
        ({"line_items": [seat_item(currency="eur"), seat_item(currency="usd")]}, "line_items"),
        ({"line_items": [{"price_data": seat_item()["price_data"]}]}, "line_items[0][quantity]"),
        ({"success_url": "not a url"}, "success_url"),
        ({"allow_promotion_codes": True, "discounts": [{"coupon": "X"}]}, "discounts"),
        ({"customer_email": "a@b.test", "customer": "cus_x"}, "customer_email"),
        ({"discounts": [{"coupon": "NOPE"}]}, "discounts[0][coupon]"),
    ],
)
def test_invalid_sessions_are_refused_naming_the_param(make_session, overrides, param):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        make_session(**overrides)
    assert caught.value.param == param


def test_mode_other_than_payment_is_refused_clearly(make_session):
    with pytest.raises(stripe.InvalidRequestError, match="models mode=payment only"):
        make_session(mode="setup")


def test_retrieve_expands_line_items_and_payment_intent(client, make_session, stripe_double):
    session = make_session(payment_intent_data={"metadata": {"order_id": "42"}})
    stripe_double.complete_session(session.id)
    found = client.v1.checkout.sessions.retrieve(
        session.id, params={"expand": ["line_items", "payment_intent.latest_charge"]}
    )
    assert found.line_items.data[0].amount_total == 50_000
    assert found.payment_intent.object == "payment_intent"
    assert found.payment_intent.status == "succeeded"
    assert found.payment_intent.metadata.to_dict() == {"order_id": "42"}
    assert found.payment_intent.latest_charge.object == "charge"
    plain = client.v1.checkout.sessions.retrieve(session.id)
    assert isinstance(plain.payment_intent, str)
    assert "line_items" not in plain
    with pytest.raises(stripe.InvalidRequestError, match="cannot be expanded"):
        client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["metadata"]})


def test_line_items_paginate_in_the_order_given(client, make_session):
    session = make_session(line_items=[seat_item(100 * (i + 1)) for i in range(5)])
    first = client.v1.checkout.sessions.line_items.list(session.id, params={"limit": 2})
    assert [i.amount_total for i in first.data] == [100, 200]
    assert first.has_more is True
    rest = client.v1.checkout.sessions.line_items.list(
        session.id, params={"limit": 10, "starting_after": first.data[-1].id}
    )
    assert [i.amount_total for i in rest.data] == [300, 400, 500]
    assert rest.has_more is False


def test_list_filters_and_paginates_newest_first(client, make_session, stripe_double):
    sessions = [make_session(metadata={"order_id": str(i)}) for i in range(5)]
    stripe_double.complete_session(sessions[1].id)
    page = client.v1.checkout.sessions.list(params={"limit": 2})
    assert [s.id for s in page.data] == [sessions[4].id, sessions[3].id]
    assert page.has_more is True
    older = client.v1.checkout.sessions.list(
        params={"limit": 10, "starting_after": page.data[-1].id}
    )
    assert [s.id for s in older.data] == [s.id for s in reversed(sessions[:3])]
    assert older.has_more is False
    every = [s.id for s in client.v1.checkout.sessions.list(params={"limit": 2}).auto_paging_iter()]
    assert every == [s.id for s in reversed(sessions)]
    complete = client.v1.checkout.sessions.list(params={"status": "complete"}).data
    assert [s.id for s in complete] == [sessions[1].id]
    pi = complete[0].payment_intent
    by_pi = client.v1.checkout.sessions.list(params={"payment_intent": pi}).data
    assert [s.id for s in by_pi] == [sessions[1].id]
    future = client.v1.checkout.sessions.list(params={"created": {"gte": stripe_double.now() + 5}})
    assert future.data == []


def test_expire_closes_an_open_session_once(client, make_session, stripe_double):
    session = make_session()
    expired = client.v1.checkout.sessions.expire(session.id)
    assert (expired.status, expired.url) == ("expired", None)
    assert [e["type"] for e in stripe_double.events] == ["checkout.session.expired"]
    with pytest.raises(stripe.InvalidRequestError, match='status in \\["open"\\]'):
        client.v1.checkout.sessions.expire(session.id)
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.checkout.sessions.expire(make_session_completed(make_session, stripe_double))


def make_session_completed(make_session, stripe_double) -> str:
    session = make_session()
    stripe_double.complete_session(session.id)
    return session.id


def test_the_module_level_sdk_configuration_works_too(stripe_double):
    stripe.api_key = stripe_double.api_key
    stripe.api_base = stripe_double.url
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[seat_item()],
        customer_email="student@institute.test",
        client_reference_id="order-7",
    )
    assert stripe.checkout.Session.retrieve(session.id).client_reference_id == "order-7"
    assert session.customer_email == "student@institute.test"
