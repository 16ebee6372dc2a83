"""Refunds (https://docs.stripe.com/api/refunds/create) and disputes on a paid session's charge."""

import pytest
import stripe

from tests.stripe_double import ApiError


@pytest.fixture
def paid(make_session, stripe_double, client):
    session = make_session(line_items=[{**make_line(30_000), "quantity": 2}])
    stripe_double.complete_session(session.id)
    return client.v1.payment_intents.retrieve(stripe_double.get(session.id)["payment_intent"])


def make_line(amount: int) -> dict:
    return {"price_data": {"currency": "eur", "unit_amount": amount, "product_data": {"name": "S"}}}


def test_partial_then_full_refund_updates_the_charge(client, paid, stripe_double):
    first = client.v1.refunds.create(
        params={"payment_intent": paid.id, "amount": 20_000, "reason": "requested_by_customer"},
        options={"idempotency_key": "refund-order-42-1"},
    )
    assert (first.object, first.status, first.amount) == ("refund", "succeeded", 20_000)
    assert first.id.startswith("re_")
    charge = client.v1.charges.retrieve(paid.latest_charge)
    assert (charge.amount_refunded, charge.refunded) == (20_000, False)
    rest = client.v1.refunds.create(params={"charge": charge.id})
    assert rest.amount == 40_000
    charge = client.v1.charges.retrieve(paid.latest_charge)
    assert (charge.amount_refunded, charge.refunded) == (60_000, True)
    listed = client.v1.refunds.list(params={"payment_intent": paid.id}).data
    assert [r.id for r in listed] == [rest.id, first.id]
    refunded_events = stripe_double.events_of_type("charge.refunded")
    assert [e["data"]["object"]["amount_refunded"] for e in refunded_events] == [20_000, 60_000]
    assert refunded_events[1]["data"]["previous_attributes"] == {
        "amount_refunded": 20_000,
        "refunded": False,
    }
    assert refunded_events[0]["request"]["idempotency_key"] == "refund-order-42-1"


def test_an_over_refund_is_refused_with_stripes_error(client, paid):
    client.v1.refunds.create(params={"payment_intent": paid.id, "amount": 50_000})
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.refunds.create(params={"payment_intent": paid.id, "amount": 10_001})
    assert caught.value.param == "amount"
    assert caught.value.code == "amount_too_large"
    assert "greater than unrefunded amount on charge (10000)" in str(caught.value)
    client.v1.refunds.create(params={"payment_intent": paid.id})
    with pytest.raises(stripe.InvalidRequestError) as again:
        client.v1.refunds.create(params={"payment_intent": paid.id})
    assert again.value.code == "charge_already_refunded"


def test_a_refund_before_payment_is_refused(client, make_session, stripe_double):
    session = make_session()
    stripe_double.complete_session(session.id, paid=False)
    pi = stripe_double.get(session.id)["payment_intent"]
    with pytest.raises(stripe.InvalidRequestError, match="does not have a successful charge"):
        client.v1.refunds.create(params={"payment_intent": pi})


def test_a_dashboard_refund_emits_charge_refunded_without_an_api_request(paid, stripe_double):
    stripe_double.refund_charge(paid.latest_charge, amount=5_000)
    (event,) = stripe_double.events_of_type("charge.refunded")
    assert event["request"] == {"id": None, "idempotency_key": None}
    assert event["data"]["object"]["amount_refunded"] == 5_000
    with pytest.raises(ApiError, match="greater than unrefunded"):
        stripe_double.refund_charge(paid.latest_charge, amount=60_000)


def test_a_dispute_emits_charge_dispute_created_and_blocks_refunds(client, paid, stripe_double):
    dispute = stripe_double.dispute_charge(paid.latest_charge)
    (event,) = stripe_double.events_of_type("charge.dispute.created")
    assert event["data"]["object"]["id"] == dispute["id"]
    assert event["data"]["object"]["charge"] == paid.latest_charge
    assert event["data"]["object"]["payment_intent"] == paid.id
    assert client.v1.disputes.retrieve(dispute["id"]).status == "needs_response"
    assert client.v1.charges.retrieve(paid.latest_charge).disputed is True
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.refunds.create(params={"payment_intent": paid.id})
    assert caught.value.code == "charge_disputed"
