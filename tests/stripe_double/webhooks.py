"""Webhook signing (Stripe's real scheme) and delivery to one configured endpoint.

``Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, f"{t}.{payload}")>``, as in
https://docs.stripe.com/webhooks#verify-manually, so the production code path
(``stripe.Webhook.construct_event``) verifies it unchanged. Signatures use the wall clock
(``time.time()``, which ``time_machine`` moves), never the double's advanced clock, because the
receiver checks them against its own clock.

Events are POSTed in order by one background thread. Stripe retries failed deliveries for
three days; the double records the failure, leaves ``pending_webhooks`` at 1 and redelivers only
when asked (``redeliver_pending`` / ``deliver``), so a test decides when "later" is.
"""

from __future__ import annotations

import fnmatch
import hmac
import http.client
import json
import logging
import queue
import threading
import time
from dataclasses import dataclass, field
from hashlib import sha256
from typing import Any
from urllib.parse import urlsplit

from .state import Store

logger = logging.getLogger("stripe_double")


def sign(payload: str | bytes, secret: str, timestamp: int | None = None) -> str:
    """The ``Stripe-Signature`` header for ``payload`` (``timestamp`` defaults to now)."""
    if isinstance(payload, bytes):
        payload = payload.decode("utf-8")
    t = int(time.time()) if timestamp is None else int(timestamp)
    mac = hmac.new(secret.encode("utf-8"), f"{t}.{payload}".encode(), sha256).hexdigest()
    return f"t={t},v1={mac}"


@dataclass
class WebhookEndpoint:
    url: str
    secret: str
    enabled_events: list[str] = field(default_factory=lambda: ["*"])

    def wants(self, event_type: str) -> bool:
        return any(fnmatch.fnmatchcase(event_type, pattern) for pattern in self.enabled_events)


@dataclass
class Delivery:
    """One POST of one event to one URL, and what came back."""

    event_id: str
    event_type: str
    url: str
    status: int | None
    error: str | None
    response_body: str
    attempted_at: float
    duration: float

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "ok": self.ok}


def post(url: str, payload: bytes, signature: str, timeout: float) -> tuple[int | None, str, str]:
    """POST without following redirects (Stripe treats a 3xx as a failed delivery)."""
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    try:
        connection.request(
            "POST",
            target,
            body=payload,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
                "Accept": "*/*; q=0.5, application/xml",
                "Cache-Control": "no-cache",
                "Stripe-Signature": signature,
            },
        )
        response = connection.getresponse()
        return response.status, response.read(2000).decode("utf-8", "replace"), ""
    except OSError as error:
        return None, "", f"{type(error).__name__}: {error}"
    finally:
        connection.close()


class Dispatcher:
    """Queues each new event for the endpoint (unless paused) and POSTs it in the background."""

    def __init__(self, store: Store, timeout: float = 10.0) -> None:
        self.store = store
        self.timeout = timeout
        self.endpoint: WebhookEndpoint | None = None
        self.paused = False
        self.deliveries: list[Delivery] = []
        self._generation = 0
        self._queue: queue.Queue[tuple[int, str] | None] = queue.Queue()
        self._worker: threading.Thread | None = None
        store.on_event = self._on_event

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        self._worker = threading.Thread(
            target=self._work, name="stripe-double-webhooks", daemon=True
        )
        self._worker.start()

    def stop(self) -> None:
        if self._worker is not None:
            self._queue.put(None)
            self._worker.join(timeout=self.timeout + 1)
            self._worker = None

    def reset(self) -> None:
        """Forget the endpoint and the log; deliveries still queued are dropped."""
        with self.store.lock:
            self._generation += 1
            self.endpoint = None
            self.paused = False
            self.deliveries = []

    # -- scheduling ----------------------------------------------------------------------

    def _on_event(self, event: dict[str, Any]) -> int:
        """Called under the store lock for each new event; returns its ``pending_webhooks``."""
        if self.endpoint is None or not self.endpoint.wants(event["type"]):
            return 0
        if not self.paused:
            self._queue.put((self._generation, event["id"]))
        return 1

    def redeliver_pending(self) -> int:
        """Queue every retained event not yet delivered (``pending_webhooks > 0``), oldest first."""
        with self.store.lock:
            pending = [e["id"] for e in self.store.events if e["pending_webhooks"] > 0]
            for event_id in pending:
                self._queue.put((self._generation, event_id))
        return len(pending)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until queued deliveries are done; False if ``timeout`` passed first."""
        deadline = time.monotonic() + timeout
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._queue.all_tasks_done.wait(remaining)
        return True

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                generation, event_id = item
                if generation == self._generation and self.endpoint is not None:
                    self.deliver(event_id)
            except Exception:  # a delivery bug must not kill the worker
                logger.exception("webhook delivery of %s failed", item)
            finally:
                self._queue.task_done()

    # -- delivery ------------------------------------------------------------------------

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
        """POST one stored event ``times`` times (at once, with ``concurrently``), signed now
        (or at ``timestamp``) with the endpoint's secret (or ``secret``)."""
        with self.store.lock:
            event = self.store.events_by_id().get(event_id)
            if event is None:
                raise KeyError(f"no such event: {event_id}")
            endpoint = self.endpoint
            target = url or (endpoint.url if endpoint else None)
            key = secret or (endpoint.secret if endpoint else None)
            if not target or not key:
                raise ValueError("no webhook endpoint configured and no url/secret given")
            payload = json.dumps(event, indent=2).encode()
            event_type = event["type"]
        barrier = threading.Barrier(times) if concurrently and times > 1 else None
        results: list[Delivery | None] = [None] * times

        def attempt(index: int) -> None:
            if barrier is not None:
                barrier.wait()
            signature = sign(payload, key, timestamp)
            started = time.time()
            status, body, error = post(target, payload, signature, self.timeout)
            results[index] = Delivery(
                event_id, event_type, target, status, error, body, started, time.time() - started
            )

        if barrier is None:
            for index in range(times):
                attempt(index)
        else:
            threads = [threading.Thread(target=attempt, args=(i,)) for i in range(times)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        done = [r for r in results if r is not None]
        with self.store.lock:
            self.deliveries.extend(done)
            if endpoint is not None and target == endpoint.url and any(d.ok for d in done):
                event["pending_webhooks"] = 0
        for delivery in done:
            logger.info(
                "webhook %s %s -> %s %s",
                delivery.event_type,
                delivery.event_id,
                delivery.url,
                delivery.status or delivery.error,
            )
        return done
