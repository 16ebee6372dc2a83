"""Completing a session emits Stripe's events and delivers them signed with the real scheme,
verified here by the production code path: ``stripe.Webhook.construct_event(tolerance=300)``."""

import time

import pytest
import stripe


def verify(received, secret: str) -> stripe.Event:
    return stripe.Webhook.construct_event(
        received.body, received.headers["Stripe-Signature"], secret, tolerance=300
    )


def test_a_paid_completion_delivers_a_signed_checkout_session_completed(
    make_session, stripe_double, webhook_receiver
):
    session = make_session(customer_email="student@institute.test")
    stripe_double.complete_session(session.id)
    assert stripe_double.wait_for_webhooks()
    completed = webhook_receiver.of_type("checkout.session.completed")
    assert len(completed) == 1
    event = verify(completed[0], stripe_double.webhook_secret)
    assert event.id.startswith("evt_")
    assert event.api_version == stripe.api_version
    assert event.request.id is None  # caused by the customer, not by an API request
    obj = event.data.object
    assert (obj.id, obj.status, obj.payment_status) == (session.id, "complete", "paid")
    assert obj.metadata.order_id == "42"
    assert obj.customer_details.email == "student@institute.test"
    assert obj.payment_intent.startswith("pi_")
    assert completed[0].headers["User-Agent"].startswith("Stripe/1.0")
    types = [r.event["type"] for r in webhook_receiver.received]
    assert types == ["charge.succeeded", "payment_intent.succeeded", "checkout.session.completed"]
    assert stripe_double.get(obj.payment_intent)["amount_received"] == 50_000


def test_the_event_holds_the_object_as_it_was_then(make_session, stripe_double, client):
    session = make_session()
    client.v1.checkout.sessions.expire(session.id)
    (expired,) = stripe_double.events_of_type("checkout.session.expired")
    assert expired["data"]["object"]["status"] == "expired"
    assert expired["request"]["id"].startswith("req_")  # caused by our API request
    assert expired["request"]["idempotency_key"]


def test_a_forged_signature_fails_construct_event(make_session, stripe_double, webhook_receiver):
    stripe_double.complete_session(make_session().id)
    (received,) = webhook_receiver.wait_for(3)[-1:]
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(
            received.body,
            stripe_double.sign(received.body, secret="whsec_attacker"),
            stripe_double.webhook_secret,
            tolerance=300,
        )
    tampered = received.body.replace(b'"paid"', b'"unpaid"')
    with pytest.raises(stripe.SignatureVerificationError):
        verify(type(received)(received.headers, tampered), stripe_double.webhook_secret)


def test_a_stale_signature_fails_and_a_fresh_one_passes(make_session, stripe_double):
    stripe_double.complete_session(make_session().id)
    event_id = stripe_double.events_of_type("checkout.session.completed")[0]["id"]
    payload, stale = stripe_double.signed_event(event_id, timestamp=int(time.time()) - 301)
    with pytest.raises(stripe.SignatureVerificationError, match="tolerance"):
        stripe.Webhook.construct_event(payload, stale, stripe_double.webhook_secret, tolerance=300)
    payload, fresh = stripe_double.signed_event(event_id)
    event = stripe.Webhook.construct_event(payload, fresh, stripe_double.webhook_secret, 300)
    assert event.id == event_id
    future = stripe_double.sign(payload, timestamp=int(time.time()) + 3600)
    assert future.startswith(f"t={int(time.time()) + 3600},v1=")  # the app must refuse this one


def test_unpaid_completion_then_async_success(make_session, stripe_double, webhook_receiver):
    session = make_session()
    stripe_double.complete_session(session.id, paid=False)
    stripe_double.wait_for_webhooks()
    (completed,) = webhook_receiver.of_type("checkout.session.completed")
    assert verify(completed, stripe_double.webhook_secret).data.object.payment_status == "unpaid"
    pi = stripe_double.get(completed.event["data"]["object"]["payment_intent"])
    assert (pi["status"], pi["latest_charge"]) == ("processing", None)
    stripe_double.resolve_async_payment(session.id, succeeded=True)
    stripe_double.wait_for_webhooks()
    (succeeded,) = webhook_receiver.of_type("checkout.session.async_payment_succeeded")
    assert verify(succeeded, stripe_double.webhook_secret).data.object.payment_status == "paid"
    assert stripe_double.get(pi["id"])["status"] == "succeeded"
    with pytest.raises(Exception, match="still processing"):
        stripe_double.resolve_async_payment(session.id, succeeded=False)


def test_unpaid_completion_then_async_failure(make_session, stripe_double, webhook_receiver):
    session = make_session()
    stripe_double.complete_session(session.id, paid=False)
    stripe_double.resolve_async_payment(session.id, succeeded=False)
    stripe_double.wait_for_webhooks()
    (failed,) = webhook_receiver.of_type("checkout.session.async_payment_failed")
    obj = verify(failed, stripe_double.webhook_secret).data.object
    assert (obj.status, obj.payment_status) == ("complete", "unpaid")
    assert stripe_double.get(obj.payment_intent)["status"] == "requires_payment_method"
    assert webhook_receiver.of_type("charge.succeeded") == []


def test_a_zero_total_needs_no_payment(client, make_session, stripe_double):
    coupon = client.v1.coupons.create(params={"percent_off": 100})
    session = make_session(discounts=[{"coupon": coupon.id}])
    done = stripe_double.complete_session(session.id)
    assert (done["payment_status"], done["payment_intent"]) == ("no_payment_required", None)


def test_paused_delivery_stores_events_and_delivers_them_later(
    client, make_session, stripe_double, webhook_receiver
):
    stripe_double.pause_webhooks()
    session = make_session()
    stripe_double.complete_session(session.id)
    stripe_double.wait_for_webhooks()
    assert webhook_receiver.received == []
    (missed,) = stripe_double.events_of_type("checkout.session.completed")
    assert missed["pending_webhooks"] == 1
    undelivered = client.v1.events.list(params={"delivery_success": False}).data
    assert missed["id"] in [e.id for e in undelivered]
    # Reconciliation would read the API here; later Stripe's retry arrives:
    (delivery,) = stripe_double.deliver(missed["id"])
    assert delivery.ok
    (received,) = webhook_receiver.of_type("checkout.session.completed")
    assert verify(received, stripe_double.webhook_secret).id == missed["id"]
    assert client.v1.events.retrieve(missed["id"]).pending_webhooks == 0


def test_resume_with_redeliver_sends_everything_missed_in_order(
    make_session, stripe_double, webhook_receiver
):
    stripe_double.pause_webhooks()
    stripe_double.complete_session(make_session().id)
    stripe_double.expire_session(make_session().id)
    stripe_double.resume_webhooks(redeliver=True)
    stripe_double.wait_for_webhooks()
    assert [r.event["type"] for r in webhook_receiver.received] == [
        "charge.succeeded",
        "payment_intent.succeeded",
        "checkout.session.completed",
        "checkout.session.expired",
    ]


def test_one_event_delivered_five_times_concurrently(make_session, stripe_double, webhook_receiver):
    stripe_double.pause_webhooks()
    stripe_double.complete_session(make_session().id)
    (event,) = stripe_double.events_of_type("checkout.session.completed")
    deliveries = stripe_double.deliver(event["id"], times=5, concurrently=True)
    assert [d.status for d in deliveries] == [200] * 5
    received = webhook_receiver.of_type("checkout.session.completed")
    assert [r.event["id"] for r in received] == [event["id"]] * 5


def test_a_failed_delivery_stays_pending(make_session, stripe_double, webhook_receiver):
    webhook_receiver.status = 500
    stripe_double.complete_session(make_session().id)
    stripe_double.wait_for_webhooks()
    assert stripe_double.deliveries and not any(d.ok for d in stripe_double.deliveries)
    assert all(e["pending_webhooks"] == 1 for e in stripe_double.events)
    webhook_receiver.status = 200
    assert stripe_double.redeliver_pending() == 3
    stripe_double.wait_for_webhooks()
    assert all(e["pending_webhooks"] == 0 for e in stripe_double.events)


def test_an_unreachable_endpoint_is_recorded_not_raised(make_session, stripe_double):
    stripe_double.set_webhook_endpoint("http://127.0.0.1:9/down/", "whsec_x")
    stripe_double.complete_session(make_session().id)
    stripe_double.wait_for_webhooks()
    assert {d.status for d in stripe_double.deliveries} == {None}
    assert all("Error" in d.error for d in stripe_double.deliveries)


def test_enabled_events_limit_what_is_sent(make_session, stripe_double, webhook_receiver):
    stripe_double.set_webhook_endpoint(webhook_receiver.url, enabled_events=["checkout.session.*"])
    stripe_double.complete_session(make_session().id)
    stripe_double.wait_for_webhooks()
    assert [r.event["type"] for r in webhook_receiver.received] == ["checkout.session.completed"]
