"""The double's in-memory state: one lock, one clock, objects by id, events, idempotency records.

Every API request runs its whole handling under ``Store.lock`` (an ``RLock``), so concurrent
requests see a serial history, as Stripe's per-object locking makes them appear to clients.
Objects are stored exactly as they are answered (Stripe-shaped dicts); what Stripe keeps
private (a session's line items, its payment-intent data) lives in ``Store.private``.
"""

from __future__ import annotations

import copy
import fnmatch
import secrets
import string
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from . import errors
from .forms import Params

_ALPHABET = string.ascii_letters + string.digits

# Stripe keeps events listable for 30 days: https://docs.stripe.com/api/events/list
EVENT_RETENTION_SECONDS = 30 * 24 * 3600
# Idempotency keys are pruned after 24 hours: https://docs.stripe.com/api/idempotent_requests
IDEMPOTENCY_TTL_SECONDS = 24 * 3600


def new_id(prefix: str, length: int = 24) -> str:
    return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(length))


class Clock:
    """Wall-clock time plus an offset that tests advance (``POST /_double/clock``).

    Based on ``time.time()``, so ``time_machine`` moves it too.
    """

    def __init__(self) -> None:
        self.offset = 0

    def now(self) -> int:
        return int(time.time()) + self.offset

    def advance(self, seconds: int) -> None:
        self.offset += seconds


@dataclass
class IdempotencyRecord:
    method: str
    path: str
    params: dict[str, Any]
    status: int
    body: str
    request_id: str
    created: int


@dataclass
class RequestContext:
    """The API request an event was caused by (``event.request``); both None for automatic ones."""

    id: str | None = None
    idempotency_key: str | None = None


@dataclass
class Store:
    clock: Clock = field(default_factory=Clock)
    api_version: str = ""
    # Where the hosted checkout page is served (``session.url``).
    base_url: str = ""
    lock: threading.RLock = field(default_factory=threading.RLock)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    private: dict[str, dict[str, Any]] = field(default_factory=dict)
    sequence: dict[str, int] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    idempotency: dict[str, IdempotencyRecord] = field(default_factory=dict)
    context: RequestContext = field(default_factory=RequestContext)
    # Called (under the lock) with each new event; the webhook dispatcher subscribes.
    on_event: Callable[[dict[str, Any]], int] | None = None
    _counter: int = 0

    # -- objects -------------------------------------------------------------------------

    def now(self) -> int:
        return self.clock.now()

    def add(self, obj: dict[str, Any], **private: Any) -> dict[str, Any]:
        self._counter += 1
        self.objects[obj["id"]] = obj
        self.sequence[obj["id"]] = self._counter
        self.private[obj["id"]] = dict(private)
        return obj

    def get(self, object_type: str, object_id: str | None, param: str = "id") -> dict[str, Any]:
        obj = self.objects.get(object_id or "")
        if obj is None or obj.get("object") != object_type or obj.get("deleted"):
            raise errors.not_found(object_type, object_id or "", param)
        return obj

    def all(self, object_type: str) -> list[dict[str, Any]]:
        """Live objects of a type, newest first (Stripe's list order)."""
        found = [
            o for o in self.objects.values() if o["object"] == object_type and not o.get("deleted")
        ]
        return sorted(found, key=lambda o: self.sequence[o["id"]], reverse=True)

    def snapshot(self) -> tuple:
        """What a failed request must leave untouched (Stripe requests are atomic)."""
        return (
            copy.deepcopy(self.objects),
            copy.deepcopy(self.private),
            dict(self.sequence),
            len(self.events),
            self._counter,
        )

    def restore(self, snapshot: tuple) -> None:
        self.objects, self.private, self.sequence, events, self._counter = snapshot
        del self.events[events:]

    def clear(self) -> None:
        self.objects.clear()
        self.private.clear()
        self.sequence.clear()
        self.events.clear()
        self.idempotency.clear()
        self.clock.offset = 0
        self.context = RequestContext()

    # -- events --------------------------------------------------------------------------

    def emit(
        self,
        event_type: str,
        obj: dict[str, Any],
        previous_attributes: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Store an Event whose ``data.object`` is a snapshot of ``obj`` now, and hand it on."""
        data: dict[str, Any] = {"object": copy.deepcopy(obj)}
        if previous_attributes is not None:
            data["previous_attributes"] = previous_attributes
        event = {
            "id": new_id("evt_test_"),
            "object": "event",
            "api_version": self.api_version,
            "created": self.now(),
            "data": data,
            "livemode": False,
            "pending_webhooks": 0,
            "request": {"id": self.context.id, "idempotency_key": self.context.idempotency_key},
            "type": event_type,
        }
        self.events.append(event)
        self._counter += 1
        self.sequence[event["id"]] = self._counter
        if self.on_event is not None:
            event["pending_webhooks"] = self.on_event(event)
        return event

    def events_by_id(self) -> dict[str, dict[str, Any]]:
        return {event["id"]: event for event in self.events}

    def event(self, event_id: str) -> dict[str, Any]:
        for event in self.events:
            if event["id"] == event_id and self._retained(event):
                return event
        raise errors.not_found("event", event_id)

    def _retained(self, event: dict[str, Any]) -> bool:
        return event["created"] > self.now() - EVENT_RETENTION_SECONDS

    def list_events(self, params: Params) -> Iterable[dict[str, Any]]:
        types = [params.str("type")] if params.str("type") else []
        types += [t for t in params.list("types") if isinstance(t, str)]
        if params.str("type") and params.list("types"):
            raise errors.exclusive("type", "types")
        delivery_success = params.bool("delivery_success")
        found = []
        for event in reversed(self.events):
            if not self._retained(event):
                continue
            if types and not any(fnmatch.fnmatchcase(event["type"], t) for t in types):
                continue
            if delivery_success is not None and (event["pending_webhooks"] == 0) != (
                delivery_success
            ):
                continue
            found.append(event)
        return filter_created(found, params)

    # -- idempotency ---------------------------------------------------------------------

    def prune_idempotency(self) -> None:
        horizon = self.now() - IDEMPOTENCY_TTL_SECONDS
        for key in [k for k, r in self.idempotency.items() if r.created <= horizon]:
            del self.idempotency[key]


def filter_created(items: Iterable[dict[str, Any]], params: Params) -> list[dict[str, Any]]:
    """Apply ``created`` (an integer, or ``created[gt|gte|lt|lte]``) the way list endpoints do."""
    raw = params.raw("created")
    items = list(items)
    if raw is None:
        return items
    if isinstance(raw, str):
        exact = params.int("created")
        return [o for o in items if o["created"] == exact]
    bounds = params.sub("created", allow={"gt", "gte", "lt", "lte"})
    checks = {
        "gt": lambda a, b: a > b,
        "gte": lambda a, b: a >= b,
        "lt": lambda a, b: a < b,
        "lte": lambda a, b: a <= b,
    }
    for op, check in checks.items():
        bound = bounds.int(op)
        if bound is not None:
            items = [o for o in items if check(o["created"], bound)]
    return items


def paginate(store: Store, items: list[dict[str, Any]], params: Params, url: str) -> dict[str, Any]:
    """Cursor pagination over newest-first ``items``: ``limit`` (1-100, default 10),
    ``starting_after`` (older than the cursor) and ``ending_before`` (newer than it)."""
    limit = params.int("limit")
    if limit is None:
        limit = 10
    if not 1 <= limit <= 100:
        raise errors.invalid("limit", "Invalid limit: must be between 1 and 100")
    after = params.str("starting_after")
    before = params.str("ending_before")
    if after and before:
        raise errors.exclusive("starting_after", "ending_before")
    cursor_id = after or before
    if cursor_id:
        if cursor_id not in store.sequence:
            kind = items[0]["object"] if items else "object"
            raise errors.not_found(kind, cursor_id, "starting_after" if after else "ending_before")
        cursor = store.sequence[cursor_id]
        if after:
            items = [o for o in items if store.sequence[o["id"]] < cursor]
            page, has_more = items[:limit], len(items) > limit
        else:
            items = [o for o in items if store.sequence[o["id"]] > cursor]
            page, has_more = items[-limit:], len(items) > limit
    else:
        page, has_more = items[:limit], len(items) > limit
    return {"object": "list", "data": page, "has_more": has_more, "url": url}


# Fields that hold an id the caller may ask to expand, by object type.
EXPANDABLE: dict[str, set[str]] = {
    "checkout.session": {"payment_intent", "customer", "line_items", "invoice"},
    "payment_intent": {"latest_charge", "customer"},
    "charge": {"payment_intent", "customer"},
    "refund": {"charge", "payment_intent"},
    "dispute": {"charge", "payment_intent"},
    "price": {"product"},
    "promotion_code": {"customer"},
    "item": {"price"},
    "session.discount": {"coupon", "promotion_code"},
    "promotion": {"coupon"},
}
# Nested hashes (or lists of them) that are not objects but hold expandable ids.
CONTAINERS = {
    ("checkout.session", "discounts"): "session.discount",
    ("promotion_code", "promotion"): "promotion",
}

Virtual = Callable[[dict[str, Any], str], dict[str, Any]]


def expand(store: Store, obj: dict[str, Any], paths: list[Any], virtual: Virtual) -> dict[str, Any]:
    """Return a copy of ``obj`` with ``expand[]`` paths (dotted, ``data.`` for lists) inlined.

    ``virtual(obj, field)`` builds fields Stripe includes only when expanded
    (a session's ``line_items``). https://docs.stripe.com/api/expanding_objects
    """
    result = copy.deepcopy(obj)
    for path in paths:
        if not isinstance(path, str) or not path or path.count(".") > 4:
            raise errors.invalid("expand", f"Invalid expand path: {path}")
        _walk(store, result, result.get("object", ""), path.split("."), path, virtual)
    return result


def _walk(
    store: Store, node: dict[str, Any], kind: str, parts: list[str], path: str, virtual: Virtual
) -> None:
    if not parts:
        return
    head, rest = parts[0], parts[1:]
    refused = errors.invalid("expand", f"This property cannot be expanded ({path}).")
    if kind == "list":
        if head != "data" or not rest:
            raise refused
        for item in node["data"]:
            _walk(store, item, item.get("object", ""), rest, path, virtual)
        return
    container = CONTAINERS.get((kind, head))
    if container:
        if not rest:
            raise refused
        value = node.get(head)
        items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
        for item in items:
            _walk(store, item, container, rest, path, virtual)
        return
    if head not in EXPANDABLE.get(kind, set()):
        raise refused
    if (kind, head) == ("checkout.session", "line_items"):
        node[head] = virtual(node, head)
    elif isinstance(node.get(head), str) and node[head] in store.objects:
        node[head] = copy.deepcopy(store.objects[node[head]])
    if rest and isinstance(node.get(head), dict):
        _walk(store, node[head], node[head].get("object", ""), rest, path, virtual)
