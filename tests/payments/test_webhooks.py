"""The webhook refuses anything it cannot verify, with no write, and stores each event once.

Payloads are the double's own events, signed with Stripe's real scheme; verification is the
production path (``stripe.Webhook.construct_event``, tolerance 300 s) plus our refusal of
timestamps from the future."""

import json
import time

import pytest

from courses.models import EnrollmentTier
from payments.models import Order, OrderStatus, StripeEvent
from payments.orders import order_checkout_start

from .conftest import WEBHOOK_URL, event_of, post_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(stripe_double, buyer, cohort):
    """A paid session whose ``checkout.session.completed`` event has not been delivered."""
    checkout = order_checkout_start(
        buyer=buyer, target=cohort, tier=EnrollmentTier.STANDARD, seats=1, site_url="http://t"
    )
    stripe_double.complete_session(checkout.order.stripe_session_id)
    return event_of(stripe_double, "checkout.session.completed")


def send(client, payload: bytes, signature: str | None):
    headers = {} if signature is None else {"HTTP_STRIPE_SIGNATURE": signature}
    return client.post(WEBHOOK_URL, data=payload, content_type="application/json", **headers)


def assert_nothing_written():
    assert StripeEvent.objects.count() == 0
    assert Order.objects.get().status == OrderStatus.PENDING


def test_a_forged_signature_is_refused(client, stripe_double, completed):
    payload, _ = stripe_double.signed_event(completed["id"])
    forged = stripe_double.sign(payload, secret="whsec_attacker")
    response = send(client, payload, forged)
    assert response.status_code == 400
    assert "Signature verification failed" in response.json()["error"]
    assert_nothing_written()


def test_a_tampered_payload_is_refused(client, stripe_double, completed):
    payload, signature = stripe_double.signed_event(completed["id"])
    tampered = payload.replace(b'"amount_total": 150000', b'"amount_total": 1')
    assert tampered != payload
    assert send(client, tampered, signature).status_code == 400
    assert_nothing_written()


def test_a_stale_signature_is_refused(client, stripe_double, completed):
    response = post_event(client, stripe_double, completed["id"], timestamp=int(time.time()) - 301)
    assert response.status_code == 400
    assert_nothing_written()


def test_a_signature_from_the_future_is_refused(client, stripe_double, completed):
    response = post_event(client, stripe_double, completed["id"], timestamp=int(time.time()) + 301)
    assert response.status_code == 400
    assert response.json()["error"] == "The signature's timestamp is in the future."
    assert_nothing_written()


def test_a_missing_signature_and_garbage_are_refused(client, stripe_double, completed):
    payload, _ = stripe_double.signed_event(completed["id"])
    assert send(client, payload, None).status_code == 400
    assert send(client, b"not json", stripe_double.sign(b"not json")).status_code == 400
    assert send(client, payload, "v1=abc").status_code == 400
    assert_nothing_written()


def test_without_a_webhook_secret_everything_is_refused(client, settings, stripe_double, completed):
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert post_event(client, stripe_double, completed["id"]).status_code == 400
    assert_nothing_written()


def test_only_post_is_allowed(client):
    assert client.get(WEBHOOK_URL).status_code == 405


def test_a_verified_event_is_stored_once_and_processed(client, stripe_double, completed, settle):
    with settle():
        first = post_event(client, stripe_double, completed["id"])
    assert first.status_code == 200
    assert first.json() == {"received": True, "duplicate": False}
    row = StripeEvent.objects.get()
    assert (row.stripe_id, row.type, row.source) == (
        completed["id"],
        "checkout.session.completed",
        "webhook",
    )
    assert row.payload["data"]["object"]["id"] == completed["data"]["object"]["id"]
    assert row.processed_at is not None
    assert Order.objects.get().status == OrderStatus.FULFILLED

    with settle():
        again = post_event(client, stripe_double, completed["id"])
    assert again.json() == {"received": True, "duplicate": True}
    assert StripeEvent.objects.count() == 1


def test_events_we_do_not_handle_are_stored_and_marked_processed(client, stripe_double, settle):
    stripe_double.client().v1.products.create(params={"name": "Unrelated"})
    payload = json.dumps(
        {
            "id": "evt_test_unhandled",
            "object": "event",
            "type": "product.created",
            "created": int(time.time()),
            "data": {"object": {"id": "prod_1", "object": "product"}},
            "livemode": False,
            "api_version": "2026-10-28.endive",
        }
    ).encode()
    with settle():
        response = send(client, payload, stripe_double.sign(payload))
    assert response.status_code == 200
    assert StripeEvent.objects.get().processed_at is not None


def test_a_new_event_is_stored_in_one_query(
    client, stripe_double, completed, django_assert_num_queries
):
    """The whole request: one ``INSERT ... ON CONFLICT DO NOTHING``, no transaction around it
    (the processing task is queued on commit, which costs no query)."""
    with django_assert_num_queries(1) as captured:
        response = post_event(client, stripe_double, completed["id"])
    assert response.json() == {"received": True, "duplicate": False}
    sql = captured.captured_queries[0]["sql"]
    assert sql.startswith("INSERT") and "ON CONFLICT" in sql
    assert StripeEvent.objects.get().stripe_id == completed["id"]


def test_a_duplicate_is_answered_in_two_queries(
    client, stripe_double, completed, settle, django_assert_num_queries
):
    with settle():
        post_event(client, stripe_double, completed["id"])
    with django_assert_num_queries(2):
        again = post_event(client, stripe_double, completed["id"])
    assert again.json() == {"received": True, "duplicate": True}
    assert StripeEvent.objects.count() == 1
    assert Order.objects.get().status == OrderStatus.FULFILLED


def test_a_stored_but_unprocessed_duplicate_is_queued_again(
    client, stripe_double, completed, settle, django_assert_num_queries
):
    """A delivery whose task was lost: the retry finds the row unprocessed and queues it."""
    post_event(client, stripe_double, completed["id"])  # stored; its on-commit task never ran
    assert StripeEvent.objects.get().processed_at is None
    with settle(), django_assert_num_queries(2):
        again = post_event(client, stripe_double, completed["id"])
    assert again.json() == {"received": True, "duplicate": True}
    assert StripeEvent.objects.get().processed_at is not None
    assert Order.objects.get().status == OrderStatus.FULFILLED
