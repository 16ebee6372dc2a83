"""The pytest fixture's contract with the app's settings, and the ``make run`` CLI."""

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import stripe

from .support import seat_item

ROOT = Path(__file__).resolve().parents[2]


def test_the_fixture_provides_django_settings(stripe_double, settings):
    assert stripe_double.url == settings.STRIPE_API_BASE
    assert stripe_double.api_key == settings.STRIPE_SECRET_KEY
    assert settings.STRIPE_SECRET_KEY.startswith("sk_test_double_")
    assert settings.STRIPE_WEBHOOK_SECRET.startswith("whsec_")
    assert stripe_double.url.startswith("http://127.0.0.1:")


def test_a_test_may_reconfigure_the_sdk_globally(stripe_double):
    stripe.api_base = stripe_double.url
    stripe.api_key = stripe_double.api_key
    stripe.max_network_retries = 0
    stripe_double.complete_session(
        stripe.checkout.Session.create(mode="payment", line_items=[seat_item()]).id
    )


def test_the_sdk_globals_were_restored_after_the_previous_test(stripe_double):
    """Runs after the test above (pytest keeps file order)."""
    assert stripe.api_base == "https://api.stripe.com"
    assert stripe.api_key is None
    assert stripe.max_network_retries == 2


def test_each_test_starts_from_an_empty_double(stripe_double, client):
    assert stripe_double.events == []
    assert stripe_double.requests == []
    assert client.v1.checkout.sessions.list().data == []
    assert stripe_double.dispatcher.endpoint is None
    assert stripe_double.store.clock.offset == 0


def test_the_cli_serves_until_terminated():
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.stripe_double", "--port", "0", "--api-key", "sk_test_cli"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stderr.readline()
        match = re.search(r"on (http://127\.0\.0\.1:\d+)", line)
        assert match, line
        assert "TEST MODE" in line
        client = stripe.StripeClient("sk_test_cli", base_addresses={"api": match.group(1)})
        session = client.v1.checkout.sessions.create(
            params={"mode": "payment", "line_items": [seat_item()]}
        )
        assert session.url.startswith(match.group(1))
        request_log = process.stderr.readline()
        assert "POST /v1/checkout/sessions -> 200" in request_log
    finally:
        process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
