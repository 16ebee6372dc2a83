"""Fixtures for testing the Stripe test double itself, through the real SDK over HTTP."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import stripe

from tests.stripe_double import fixtures

from .support import Received, WebhookReceiver, seat_item

# Re-exported here so these tests run before (and regardless of) the suite-wide conftest.
stripe_double_server = fixtures.stripe_double_server
stripe_double = fixtures.stripe_double


@pytest.fixture
def client(stripe_double) -> stripe.StripeClient:
    return stripe_double.client(max_network_retries=0)


@pytest.fixture
def webhook_receiver(stripe_double) -> Iterator[WebhookReceiver]:
    """A live endpoint the double delivers to, configured with the double's secret."""
    receiver = WebhookReceiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            receiver.record(Received(dict(self.headers.items()), body))
            self.send_response(receiver.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/payments/stripe/webhook/"
    stripe_double.set_webhook_endpoint(receiver.url, stripe_double.webhook_secret)
    yield receiver
    stripe_double.pause_webhooks()
    stripe_double.wait_for_webhooks()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def make_session(client, stripe_double) -> Callable[..., stripe.checkout.Session]:
    """Create a payment-mode session with sensible defaults; keyword args override params
    (``None`` drops one)."""

    def make(**overrides: Any) -> stripe.checkout.Session:
        params: dict[str, Any] = {
            "mode": "payment",
            "line_items": [seat_item()],
            "success_url": "https://institute.test/orders/success/?session={CHECKOUT_SESSION_ID}",
            "cancel_url": "https://institute.test/orders/cancelled/",
            "expires_at": stripe_double.now() + 3600,
            "metadata": {"order_id": "42"},
        }
        params.update(overrides)
        return client.v1.checkout.sessions.create(
            params={k: v for k, v in params.items() if v is not None}
        )

    return make
