"""The local Stripe test double: an HTTP server on 127.0.0.1 plus its in-process test API.

Point the unchanged SDK at ``double.url`` (``stripe.api_base`` or
``StripeClient(key, base_addresses={"api": double.url})``). Routes: ``/v1/...`` (Stripe's
API, :mod:`.api`), ``/checkout/<id>`` (the hosted page, :mod:`.hosted`), ``/_double/...``
(test controls, :mod:`.controls`). What is and is not modelled: ``README.md`` here.
"""

from __future__ import annotations

import copy
import fnmatch
import logging
import secrets
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from . import completion, controls, hosted, hosted_invoice, invoicing, payments
from .api import Api, RecordedRequest, Response
from .errors import ApiError
from .state import Store
from .webhooks import Delivery, Dispatcher, WebhookEndpoint, sign

logger = logging.getLogger("stripe_double")
HOST = "127.0.0.1"


def _default_api_version() -> str:
    import stripe

    return stripe.api_version


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    double: StripeDouble


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "StripeTestDouble/1.0"
    disable_nagle_algorithm = True  # headers and body go out as separate writes
    server: _Server

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug(format, *args)

    def _handle(self, method: str) -> None:
        started = time.monotonic()
        double = self.server.double
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        path = parts.path
        if path.startswith("/v1/"):
            response = double.api.handle(method, path, parts.query, body, self.headers)
        elif path.startswith("/checkout/"):
            response = hosted.handle(double, method, path, body)
        elif path.startswith(("/invoice/", "/credit_note/")):
            response = hosted_invoice.handle(double, method, path)
        elif path == "/_double" or path.startswith("/_double/"):
            content_type = self.headers.get("Content-Type") or ""
            response = controls.handle(double, method, path, parts.query, body, content_type)
        elif path == "/" and method == "GET":
            response = hosted.index()
        else:
            error = ApiError(f"Unrecognized request URL ({method}: {path}).", status=404)
            response = controls._json(error.body(), 404)
        self._send(response)
        note = response.headers.get("Request-Id", "")
        if response.headers.get("Idempotent-Replayed"):
            note += " (idempotent replay)"
        logger.info(
            "%s %s -> %s %s %.1fms",
            method,
            path,
            response.status,
            note,
            (time.monotonic() - started) * 1000,
        )

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)


class StripeDouble:
    """A stateful stand-in for Stripe's API, served on ``127.0.0.1:<port>`` (0: a free port)."""

    def __init__(
        self,
        *,
        port: int = 0,
        api_key: str | None = None,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        api_version: str | None = None,
        hosted_page_wait: float = 5.0,
        expiry_sweep_interval: float | None = None,
        webhook_timeout: float = 10.0,
    ) -> None:
        self.port = port
        self.api_key = api_key or f"sk_test_double_{secrets.token_hex(12)}"
        self.webhook_secret = webhook_secret or f"whsec_{secrets.token_hex(16)}"
        self.hosted_page_wait = hosted_page_wait
        self.expiry_sweep_interval = expiry_sweep_interval
        self.store = Store(api_version=api_version or _default_api_version())
        self.dispatcher = Dispatcher(self.store, timeout=webhook_timeout)
        self.api = Api(self.store, self.api_key)
        self.url = ""
        self._initial_webhook_url = webhook_url
        self._server: _Server | None = None
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> StripeDouble:
        self._server = _Server((HOST, self.port), _Handler)
        self._server.double = self
        self.port = self._server.server_address[1]
        self.url = f"http://{HOST}:{self.port}"
        self.store.base_url = self.url
        self.dispatcher.start()
        server = self._server
        self._spawn(lambda: server.serve_forever(poll_interval=0.05), "stripe-double-http")
        if self.expiry_sweep_interval:
            self._spawn(self._sweep_forever, "stripe-double-expiry")
        if self._initial_webhook_url:
            self.set_webhook_endpoint(self._initial_webhook_url, self.webhook_secret)
        return self

    def _spawn(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _sweep_forever(self) -> None:
        """Expire sessions in real time (``make run``), as Stripe does without being asked."""
        while not self._stopping.wait(self.expiry_sweep_interval):
            self.sweep()

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        self.dispatcher.stop()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []

    def __enter__(self) -> StripeDouble:
        return self.start() if self._server is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget every object, event, request, idempotency key, endpoint and clock offset."""
        with self.store.lock:
            self.dispatcher.reset()
            self.store.clear()
            self.api.requests.clear()

    def client(self, **options: Any):
        """A ``stripe.StripeClient`` for this double (the SDK unchanged)."""
        import stripe

        return stripe.StripeClient(self.api_key, base_addresses={"api": self.url}, **options)

    # -- reading state -------------------------------------------------------------------

    def now(self) -> int:
        return self.store.now()

    def get(self, object_id: str) -> dict[str, Any]:
        """A copy of any stored object by id (``KeyError`` if unknown)."""
        with self.store.lock:
            return copy.deepcopy(self.store.objects[object_id])

    @property
    def events(self) -> list[dict[str, Any]]:
        """Every event so far, oldest first (``GET /v1/events`` lists newest first)."""
        with self.store.lock:
            return copy.deepcopy(self.store.events)

    def events_of_type(self, event_type: str) -> list[dict[str, Any]]:
        return [e for e in self.events if fnmatch.fnmatchcase(e["type"], event_type)]

    @property
    def requests(self) -> list[RecordedRequest]:
        with self.store.lock:
            return list(self.api.requests)

    def requests_to(self, path: str, method: str | None = None) -> list[RecordedRequest]:
        """Recorded API requests whose path matches ``path`` (a glob), optionally by method."""
        return [
            r
            for r in self.requests
            if fnmatch.fnmatchcase(r.path, path) and (method is None or r.method == method.upper())
        ]

    @property
    def deliveries(self) -> list[Delivery]:
        with self.store.lock:
            return list(self.dispatcher.deliveries)

    # -- webhooks ------------------------------------------------------------------------

    def set_webhook_endpoint(
        self, url: str, secret: str | None = None, *, enabled_events: list[str] | None = None
    ) -> None:
        with self.store.lock:
            self.dispatcher.endpoint = WebhookEndpoint(
                url, secret or self.webhook_secret, enabled_events or ["*"]
            )

    def clear_webhook_endpoint(self) -> None:
        with self.store.lock:
            self.dispatcher.endpoint = None

    def pause_webhooks(self) -> None:
        """Simulate "our endpoint was down": events are stored but not delivered."""
        with self.store.lock:
            self.dispatcher.paused = True

    def resume_webhooks(self, *, redeliver: bool = False) -> None:
        with self.store.lock:
            self.dispatcher.paused = False
        if redeliver:
            self.dispatcher.redeliver_pending()

    def redeliver_pending(self) -> int:
        return self.dispatcher.redeliver_pending()

    def wait_for_webhooks(self, timeout: float = 10.0) -> bool:
        return self.dispatcher.wait_idle(timeout)

    def deliver(
        self,
        event_id: str,
        *,
        times: int = 1,
        concurrently: bool = False,
        url: str | None = None,
        secret: str | None = None,
        timestamp: int | None = None,
    ) -> list[Delivery]:
        return self.dispatcher.deliver(
            event_id,
            times=times,
            concurrently=concurrently,
            url=url,
            secret=secret,
            timestamp=timestamp,
        )

    def sign(self, payload: str | bytes, secret: str | None = None, timestamp: int | None = None):
        """A ``Stripe-Signature`` header (forged, stale or future-dated ones included)."""
        return sign(payload, secret or self.webhook_secret, timestamp)

    def signed_event(
        self, event_id: str, *, secret: str | None = None, timestamp: int | None = None
    ) -> tuple[bytes, str]:
        """``(payload, Stripe-Signature)`` exactly as a delivery would send, for posting
        through Django's test client instead of a live server."""
        import json

        with self.store.lock:
            event = self.store.events_by_id()[event_id]
            payload = json.dumps(event, indent=2).encode()
        return payload, self.sign(payload, secret, timestamp)

    # -- what customers, banks, the dashboard and time do ----------------------------------

    def _control(self, action: Callable[..., dict[str, Any]], *args: Any, **kwargs: Any):
        with self.store.lock:
            completion.sessions_expire_due(self.store)
            snapshot = self.store.snapshot()
            try:
                return copy.deepcopy(action(self.store, *args, **kwargs))
            except ApiError:
                self.store.restore(snapshot)
                raise

    def complete_session(
        self,
        session_id: str,
        *,
        paid: bool = True,
        email: str | None = None,
        name=None,
        address: dict[str, Any] | None = None,
        tax_ids: list[tuple[str, str]] | None = None,
        business_name: str | None = None,
    ) -> dict[str, Any]:
        """The customer finishes checkout, paying now (``paid``) or by bank transfer; a
        business gives its ``business_name``, billing ``address`` and ``tax_ids`` ((type,
        value) pairs)."""
        return self._control(
            completion.session_complete,
            session_id,
            paid=paid,
            email=email,
            name=name,
            address=address,
            tax_ids=tax_ids,
            business_name=business_name,
        )

    def pay_invoice(self, invoice_id: str) -> dict[str, Any]:
        """The customer pays an open invoice on its hosted page (``invoice.paid``)."""
        return self._control(
            lambda store: invoicing.invoice_pay(
                store, store.get("invoice", invoice_id), out_of_band=False
            )
        )

    def fail_invoice_payment(self, invoice_id: str) -> dict[str, Any]:
        """The customer's attempt to pay is declined (``invoice.payment_failed``)."""
        return self._control(
            lambda store: invoicing.invoice_payment_fail(store, store.get("invoice", invoice_id))
        )

    def resolve_async_payment(self, session_id: str, *, succeeded: bool = True) -> dict[str, Any]:
        return self._control(completion.session_resolve_async, session_id, succeeded=succeeded)

    def expire_session(self, session_id: str) -> dict[str, Any]:
        """Expire an open session now, as Stripe does at ``expires_at``."""

        def expire(store: Store) -> dict[str, Any]:
            session = store.get("checkout.session", session_id)
            if session["status"] != "open":
                raise ApiError('Only Checkout Sessions with a status in ["open"] can be expired.')
            return completion.session_expire(store, session)

        return self._control(expire)

    def refund_charge(
        self, charge_id: str, *, amount: int | None = None, reason: str | None = None
    ) -> dict[str, Any]:
        """A refund made in Stripe's dashboard (no API request behind its events)."""
        return self._control(
            lambda store: payments.refund_issue(
                store, store.get("charge", charge_id), amount=amount, reason=reason
            )
        )

    def dispute_charge(
        self, charge_id: str, *, reason: str = "fraudulent", amount: int | None = None
    ) -> dict[str, Any]:
        return self._control(
            lambda store: payments.dispute_open(
                store, store.get("charge", charge_id), reason=reason, amount=amount
            )
        )

    def sweep(self) -> None:
        """Expire open sessions whose ``expires_at`` has passed (emitting their events)."""
        with self.store.lock:
            completion.sessions_expire_due(self.store)
            invoicing.invoices_overdue(self.store)

    def advance_clock(self, seconds: int) -> int:
        """Move the double's clock forward; open sessions past ``expires_at`` expire now."""
        with self.store.lock:
            self.store.clock.advance(seconds)
            completion.sessions_expire_due(self.store)
            invoicing.invoices_overdue(self.store)
            return self.store.now()
