"""Idempotency-Key: https://docs.stripe.com/api/idempotent_requests."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import stripe

from .support import seat_item


def session_params(stripe_double, order_id: str = "42") -> dict:
    return {
        "mode": "payment",
        "line_items": [seat_item()],
        "expires_at": stripe_double.now() + 1800 + 60,  # a margin over the 30-minute minimum
        "metadata": {"order_id": order_id},
    }


def test_the_same_key_and_params_create_one_session_and_replay_the_response(client, stripe_double):
    params = session_params(stripe_double)
    first = client.v1.checkout.sessions.create(
        params=params, options={"idempotency_key": "order-42-checkout"}
    )
    second = client.v1.checkout.sessions.create(
        params=params, options={"idempotency_key": "order-42-checkout"}
    )
    assert second.id == first.id
    assert second.last_response.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.last_response.headers
    assert len(client.v1.checkout.sessions.list().data) == 1
    sent = stripe_double.requests_to("/v1/checkout/sessions", method="POST")
    assert [r.idempotency_key for r in sent] == ["order-42-checkout"] * 2
    assert [r.replayed for r in sent] == [False, True]


def test_the_same_key_with_different_params_is_an_idempotency_error(client, stripe_double):
    client.v1.checkout.sessions.create(
        params=session_params(stripe_double, "42"), options={"idempotency_key": "k-1"}
    )
    with pytest.raises(stripe.IdempotencyError) as caught:
        client.v1.checkout.sessions.create(
            params=session_params(stripe_double, "43"), options={"idempotency_key": "k-1"}
        )
    assert caught.value.http_status == 400
    assert "same parameters" in str(caught.value)
    assert len(client.v1.checkout.sessions.list().data) == 1


def test_the_same_key_on_another_endpoint_is_an_idempotency_error(client):
    client.v1.products.create(params={"name": "Seat"}, options={"idempotency_key": "k-2"})
    with pytest.raises(stripe.IdempotencyError, match="same endpoint"):
        client.v1.coupons.create(params={"percent_off": 10}, options={"idempotency_key": "k-2"})


def test_keys_expire_after_24_hours_of_double_time(client, stripe_double):
    first = client.v1.products.create(params={"name": "Seat"}, options={"idempotency_key": "k-3"})
    stripe_double.advance_clock(24 * 3600 - 60)
    replay = client.v1.products.create(params={"name": "Seat"}, options={"idempotency_key": "k-3"})
    assert replay.id == first.id
    stripe_double.advance_clock(120)
    fresh = client.v1.products.create(params={"name": "Seat"}, options={"idempotency_key": "k-3"})
    assert fresh.id != first.id


def test_a_request_that_failed_validation_is_not_stored_under_its_key(client, stripe_double):
    """Stripe saves a result only once the endpoint started executing; a refused request can
    be retried with the same key once the cause is fixed."""
    coupon = client.v1.coupons.create(params={"percent_off": 10})
    promo = client.v1.promotion_codes.create(
        params={"promotion": {"type": "coupon", "coupon": coupon.id}, "code": "X", "active": False}
    )
    params = {**session_params(stripe_double), "discounts": [{"promotion_code": promo.id}]}
    with pytest.raises(stripe.InvalidRequestError, match="not active"):
        client.v1.checkout.sessions.create(params=params, options={"idempotency_key": "k-4"})
    client.v1.promotion_codes.update(promo.id, params={"active": True})
    session = client.v1.checkout.sessions.create(params=params, options={"idempotency_key": "k-4"})
    assert session.total_details.amount_discount == 5_000


def test_the_sdk_sends_a_key_on_every_post_even_without_one_given(client, stripe_double):
    client.v1.products.create(params={"name": "Seat"})
    client.v1.products.list()
    post, get = stripe_double.requests_to("/v1/products")
    assert post.idempotency_key  # the SDK generates one for retries
    assert get.idempotency_key is None
    assert post.stripe_version == stripe.api_version
    assert post.api_key == stripe_double.api_key


def test_concurrent_twins_with_one_key_create_one_session(client, stripe_double):
    params = session_params(stripe_double)
    barrier = threading.Barrier(8)

    def create(_: int) -> str:
        barrier.wait()
        return client.v1.checkout.sessions.create(
            params=params, options={"idempotency_key": "order-42-twins"}
        ).id

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = set(pool.map(create, range(8)))
    assert len(ids) == 1
    assert len(client.v1.checkout.sessions.list().data) == 1
    sent = stripe_double.requests_to("/v1/checkout/sessions", method="POST")
    assert sorted(r.replayed for r in sent) == [False] + [True] * 7


def test_concurrent_distinct_requests_all_succeed(client, stripe_double):
    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(
            pool.map(
                lambda i: (
                    client.v1.checkout.sessions.create(
                        params=session_params(stripe_double, str(i))
                    ).id
                ),
                range(24),
            )
        )
    assert len(set(ids)) == 24
    listed = client.v1.checkout.sessions.list(params={"limit": 100}).data
    assert sorted(s.metadata.order_id for s in listed) == sorted(str(i) for i in range(24))
