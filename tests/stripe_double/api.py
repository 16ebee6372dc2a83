"""Stripe's ``/v1`` API surface: authentication, routing, idempotency, expansion, request log.

Each request is handled whole under the store lock, atomically (a failed request leaves no
trace), and recorded with what the SDK sent. Idempotency follows
https://docs.stripe.com/api/idempotent_requests: a successful POST's response is stored under
its ``Idempotency-Key`` for 24 hours and replayed (``Idempotent-Replayed: true``) for the same
endpoint and params; reusing the key for anything else is an ``idempotency_error``. Requests
that fail validation are not stored, as on Stripe.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_plus

from . import checkout, completion, discounts, invoicing, payments, resources
from .errors import ApiError
from .forms import Params, decode
from .state import IdempotencyRecord, RequestContext, Store, expand, new_id, paginate

_ID = r"(?P<id>[^/]+)"
ROUTES: list[tuple[str, str, Callable[..., dict[str, Any]]]] = [
    ("POST", "/v1/products", resources.product_create),
    ("GET", "/v1/products", resources.product_list),
    ("GET", f"/v1/products/{_ID}", resources.product_retrieve),
    ("POST", f"/v1/products/{_ID}", resources.product_update),
    ("POST", "/v1/prices", resources.price_create),
    ("GET", "/v1/prices", resources.price_list),
    ("GET", f"/v1/prices/{_ID}", resources.price_retrieve),
    ("POST", f"/v1/prices/{_ID}", resources.price_update),
    ("POST", "/v1/customers", resources.customer_create),
    ("GET", f"/v1/customers/{_ID}", resources.customer_retrieve),
    ("POST", f"/v1/customers/{_ID}/tax_ids", resources.customer_tax_id_create),
    ("GET", f"/v1/customers/{_ID}/tax_ids", resources.customer_tax_id_list),
    ("POST", "/v1/invoices", invoicing.invoice_create),
    ("GET", "/v1/invoices", invoicing.invoice_list),
    ("GET", f"/v1/invoices/{_ID}", invoicing.invoice_retrieve),
    ("POST", f"/v1/invoices/{_ID}/finalize", invoicing.invoice_finalize_api),
    ("POST", f"/v1/invoices/{_ID}/send", invoicing.invoice_send_api),
    ("POST", f"/v1/invoices/{_ID}/pay", invoicing.invoice_pay_api),
    ("POST", f"/v1/invoices/{_ID}/void", invoicing.invoice_void_api),
    ("POST", f"/v1/invoices/{_ID}/mark_uncollectible", invoicing.invoice_mark_uncollectible_api),
    ("POST", "/v1/invoiceitems", invoicing.invoice_item_create),
    ("POST", "/v1/credit_notes", invoicing.credit_note_create),
    ("GET", "/v1/credit_notes", invoicing.credit_note_list),
    ("GET", f"/v1/credit_notes/{_ID}", invoicing.credit_note_retrieve),
    ("POST", "/v1/coupons", discounts.coupon_create),
    ("GET", "/v1/coupons", discounts.coupon_list),
    ("GET", f"/v1/coupons/{_ID}", discounts.coupon_retrieve),
    ("POST", f"/v1/coupons/{_ID}", discounts.coupon_update),
    ("DELETE", f"/v1/coupons/{_ID}", discounts.coupon_delete),
    ("POST", "/v1/promotion_codes", discounts.promotion_code_create),
    ("GET", "/v1/promotion_codes", discounts.promotion_code_list),
    ("GET", f"/v1/promotion_codes/{_ID}", discounts.promotion_code_retrieve),
    ("POST", f"/v1/promotion_codes/{_ID}", discounts.promotion_code_update),
    ("POST", "/v1/checkout/sessions", checkout.session_create),
    ("GET", "/v1/checkout/sessions", checkout.session_list),
    ("GET", f"/v1/checkout/sessions/{_ID}", checkout.session_retrieve),
    ("GET", f"/v1/checkout/sessions/{_ID}/line_items", checkout.session_line_items),
    ("POST", f"/v1/checkout/sessions/{_ID}/expire", completion.session_expire_api),
    ("GET", "/v1/payment_intents", payments.payment_intent_list),
    ("GET", f"/v1/payment_intents/{_ID}", payments.payment_intent_retrieve),
    ("GET", "/v1/charges", payments.charge_list),
    ("GET", f"/v1/charges/{_ID}", payments.charge_retrieve),
    ("POST", "/v1/refunds", payments.refund_create),
    ("GET", "/v1/refunds", payments.refund_list),
    ("GET", f"/v1/refunds/{_ID}", payments.refund_retrieve),
    ("GET", "/v1/disputes", payments.dispute_list),
    ("GET", f"/v1/disputes/{_ID}", payments.dispute_retrieve),
    ("GET", "/v1/events", lambda store, p: event_list(store, p)),
    ("GET", f"/v1/events/{_ID}", lambda store, p, id: store.event(id)),
]
_COMPILED = [(method, re.compile(f"^{path}$"), handler) for method, path, handler in ROUTES]


def event_list(store: Store, p: Params) -> dict[str, Any]:
    Params(
        p.data,
        allow={
            "type", "types", "created", "delivery_success", "limit", "starting_after",
            "ending_before",
        },
    )  # fmt: skip
    return paginate(store, list(store.list_events(p)), p, "/v1/events")


@dataclass
class RecordedRequest:
    """One API request as the double received it (for assertions on what the SDK sends)."""

    method: str
    path: str
    params: dict[str, Any]
    idempotency_key: str | None
    stripe_version: str | None
    api_key: str | None
    request_id: str
    time: int
    status: int = 0
    replayed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


def _api_key(headers: Mapping[str, str]) -> str | None:
    auth = headers.get("Authorization") or ""
    scheme, _, credentials = auth.partition(" ")
    if scheme.lower() == "bearer":
        return credentials.strip() or None
    if scheme.lower() == "basic":
        try:
            return base64.b64decode(credentials).decode().partition(":")[0] or None
        except ValueError:
            return None
    return None


def _masked(key: str) -> str:
    return key[:8] + "*" * max(len(key) - 12, 4) + key[-4:]


class Api:
    def __init__(self, store: Store, api_key: str) -> None:
        self.store = store
        self.api_key = api_key
        self.requests: list[RecordedRequest] = []

    def handle(
        self, method: str, path: str, query: str, body: str, headers: Mapping[str, str]
    ) -> Response:
        store = self.store
        request_id = new_id("req_", 14)
        idempotency_key = headers.get("Idempotency-Key") if method == "POST" else None
        record = RecordedRequest(
            method=method,
            path=path,
            params={},
            idempotency_key=idempotency_key,
            stripe_version=headers.get("Stripe-Version"),
            api_key=_api_key(headers),
            request_id=request_id,
            time=store.now(),
        )
        response_headers = {
            "Request-Id": request_id,
            "Stripe-Version": record.stripe_version or store.api_version,
        }
        if idempotency_key:
            response_headers["Idempotency-Key"] = idempotency_key
        with store.lock:
            self.requests.append(record)
            try:
                self._authenticate(record.api_key)
                record.params = decode(body if method == "POST" else query)
                handler, path_args = self._route(method, path)
                replay = self._replay(record)
                if replay is not None:
                    record.status, record.replayed = replay.status, True
                    response_headers.update(
                        {"Idempotent-Replayed": "true", "Original-Request": replay.request_id}
                    )
                    return Response(replay.status, replay.body.encode(), response_headers)
                payload = self._run(record, handler, path_args)
            except ApiError as error:
                record.status = error.status
                body_bytes = json.dumps(error.body(request_id), indent=2).encode()
                return Response(error.status, body_bytes, response_headers)
            record.status = 200
            if idempotency_key:
                store.idempotency[idempotency_key] = IdempotencyRecord(
                    method, path, record.params, 200, payload, request_id, store.now()
                )
            return Response(200, payload.encode(), response_headers)

    def _authenticate(self, key: str | None) -> None:
        if not key:
            raise ApiError(
                "You did not provide an API key. You need to provide your API key in the "
                "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                "YOUR_SECRET_KEY').",
                status=401,
            )
        if key != self.api_key:
            raise ApiError(f"Invalid API Key provided: {_masked(key)}", status=401)

    def _route(self, method: str, path: str) -> tuple[Callable[..., Any], dict[str, str]]:
        for route_method, pattern, handler in _COMPILED:
            match = pattern.match(path)
            if match and route_method == method:
                return handler, {k: unquote_plus(v) for k, v in match.groupdict().items()}
        raise ApiError(
            f"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs "
            "or we can help at https://support.stripe.com/. (The local Stripe test double "
            "models only the endpoints listed in tests/stripe_double/README.md.)",
            status=404,
        )

    def _replay(self, record: RecordedRequest) -> IdempotencyRecord | None:
        key = record.idempotency_key
        if not key:
            return None
        if len(key) > 255:
            raise ApiError("Idempotency-Key must be at most 255 characters long.")
        self.store.prune_idempotency()
        stored = self.store.idempotency.get(key)
        if stored is None:
            return None
        retry = f"Try using a key other than '{key}' if you meant to execute a different request."
        if (stored.method, stored.path) != (record.method, record.path):
            raise ApiError(
                "Keys for idempotent requests can only be used for the same endpoint they were "
                f"first used for ('{stored.method} {stored.path}' vs "
                f"'{record.method} {record.path}'). {retry}",
                type="idempotency_error",
            )
        if stored.params != record.params:
            raise ApiError(
                "Keys for idempotent requests can only be used with the same parameters they "
                f"were first used with. {retry}",
                type="idempotency_error",
            )
        return stored

    def _run(self, record: RecordedRequest, handler: Callable, path_args: dict[str, str]) -> str:
        store = self.store
        completion.sessions_expire_due(store)
        snapshot = store.snapshot() if record.method != "GET" else None
        store.context = RequestContext(record.request_id, record.idempotency_key)
        try:
            params = Params(record.params)
            obj = handler(store, params, **path_args)
            expanded = expand(store, obj, params.list("expand"), checkout.virtual_field(store))
            return json.dumps(expanded, indent=2)
        except ApiError:
            if snapshot is not None:
                store.restore(snapshot)
            raise
        finally:
            store.context = RequestContext()
