"""Helpers for the double's own tests: plain HTTP requests, a webhook receiver, line items."""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode()


def raw_request(method: str, url: str, body: str | None = None, headers: dict | None = None):
    """One plain HTTP request (redirects are not followed), as a browser form or curl sends."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return RawResponse(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> dict[str, Any]:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    """A real HTTP endpoint standing in for the app's webhook view: records every POST."""

    url: str = ""
    status: int = 200
    received: list[Received] = field(default_factory=list)
    condition: threading.Condition = field(default_factory=threading.Condition)

    def record(self, received: Received) -> None:
        with self.condition:
            self.received.append(received)
            self.condition.notify_all()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        with self.condition:
            while len(self.received) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"got {len(self.received)} webhooks, wanted {count}")
                self.condition.wait(remaining)
            return list(self.received)

    def of_type(self, event_type: str) -> list[Received]:
        with self.condition:
            return [r for r in self.received if r.event["type"] == event_type]


def seat_item(unit_amount: int = 50_000, quantity: int = 1, currency: str = "eur") -> dict:
    return {
        "price_data": {
            "currency": currency,
            "unit_amount": unit_amount,
            "product_data": {"name": "Product Management Foundations — April cohort"},
        },
        "quantity": quantity,
    }
