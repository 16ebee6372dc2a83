"""The double's clock and its ``/_double/`` HTTP controls (what ``make run`` users can curl)."""

from tests.stripe_double.controls import INDEX

from .support import raw_request

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_advancing_the_clock_expires_open_sessions_past_expires_at(
    client, make_session, stripe_double
):
    now = stripe_double.now()
    short = make_session(expires_at=now + 1860)
    long = make_session(expires_at=now + 7200)
    paid = make_session(expires_at=now + 1860)
    stripe_double.complete_session(paid.id)
    stripe_double.advance_clock(1800)
    assert client.v1.checkout.sessions.retrieve(short.id).status == "open"
    stripe_double.advance_clock(60)
    assert client.v1.checkout.sessions.retrieve(short.id).status == "expired"
    assert client.v1.checkout.sessions.retrieve(long.id).status == "open"
    assert client.v1.checkout.sessions.retrieve(paid.id).status == "complete"
    expired = stripe_double.events_of_type("checkout.session.expired")
    assert [e["data"]["object"]["id"] for e in expired] == [short.id]
    assert expired[0]["created"] >= now + 1860


def test_controls_over_http(make_session, stripe_double):
    base = f"{stripe_double.url}/_double"
    assert raw_request("GET", f"{base}/").json() == {"controls": INDEX}
    session = make_session()
    done = raw_request(
        "POST",
        f"{base}/checkout/sessions/{session.id}/complete",
        "payment_status=unpaid&email=a%40b.test",
        FORM,
    )
    assert done.status == 200
    assert done.json()["payment_status"] == "unpaid"
    resolved = raw_request(
        "POST", f"{base}/checkout/sessions/{session.id}/async", "result=succeeded", FORM
    )
    assert resolved.json()["payment_status"] == "paid"
    charge = stripe_double.get(resolved.json()["payment_intent"])["latest_charge"]
    refund = raw_request("POST", f"{base}/charges/{charge}/refund", "amount=100", FORM).json()
    assert refund["amount"] == 100
    over = raw_request("POST", f"{base}/charges/{charge}/refund", "amount=999999", FORM)
    assert over.status == 400
    assert over.json()["error"]["code"] == "amount_too_large"
    clock = raw_request("POST", f"{base}/clock", "advance_seconds=60", FORM).json()
    assert clock["offset"] == 60
    missing = raw_request("POST", f"{base}/checkout/sessions/cs_nope/expire")
    assert missing.status == 404
    logged = raw_request("GET", f"{base}/requests?path=/v1/checkout/*&method=POST").json()
    assert [r["path"] for r in logged["requests"]] == ["/v1/checkout/sessions"]
    assert logged["requests"][0]["params"]["metadata"] == {"order_id": "42"}


def test_webhook_controls_over_http(make_session, stripe_double, webhook_receiver):
    base = f"{stripe_double.url}/_double"
    paused = raw_request("POST", f"{base}/webhooks/pause").json()
    assert paused["paused"] is True
    stripe_double.complete_session(make_session().id)
    (event,) = stripe_double.events_of_type("checkout.session.completed")
    delivered = raw_request(
        "POST", f"{base}/events/{event['id']}/deliver", "times=2&concurrently=true", FORM
    ).json()
    assert [d["status"] for d in delivered["deliveries"]] == [200, 200]
    raw_request("POST", f"{base}/webhooks/resume", "redeliver=true", FORM)
    stripe_double.wait_for_webhooks()
    assert len(webhook_receiver.received) == 2 + 2  # the two forced, then the two still pending
    endpoint = raw_request(
        "POST",
        f"{base}/webhook_endpoint",
        '{"url": "http://127.0.0.1:9/x"}',
        {"Content-Type": "application/json"},
    ).json()
    assert endpoint == {"url": "http://127.0.0.1:9/x", "enabled_events": ["*"], "paused": False}
