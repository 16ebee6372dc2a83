"""``/_double/...``: test controls over HTTP, never part of Stripe's API.

They do what only the customer, the bank, Stripe's dashboard or the passing of time can do on
real Stripe, and mirror the in-process methods of :class:`~tests.stripe_double.server.StripeDouble`.
Bodies are form-encoded (or JSON); answers are JSON; errors use Stripe's error shape.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from .api import Response
from .errors import ApiError
from .forms import Params, decode

if TYPE_CHECKING:
    from .server import StripeDouble

INDEX = {
    "POST /_double/checkout/sessions/{id}/complete": "payment_status=paid|unpaid, email, name",
    "POST /_double/checkout/sessions/{id}/async": "result=succeeded|failed",
    "POST /_double/checkout/sessions/{id}/expire": "expire an open session now",
    "POST /_double/charges/{id}/refund": "amount, reason (a dashboard refund)",
    "POST /_double/charges/{id}/dispute": "reason, amount",
    "GET|POST /_double/clock": "advance_seconds",
    "GET|POST|DELETE /_double/webhook_endpoint": "url, secret, enabled_events[]",
    "POST /_double/webhooks/pause": "store events without delivering them",
    "POST /_double/webhooks/resume": "redeliver=true also sends what was missed",
    "POST /_double/events/{id}/deliver": "times, concurrently, url",
    "GET /_double/requests": "path (glob), method",
    "GET /_double/deliveries": "webhook delivery attempts",
    "POST /_double/reset": "forget everything",
}


def _json(obj: Any, status: int = 200) -> Response:
    return Response(status, json.dumps(obj, indent=2).encode())


def handle(
    double: StripeDouble, method: str, path: str, query: str, body: str, content_type: str
) -> Response:
    try:
        if method == "GET":
            data = decode(query)
        elif "json" in content_type:
            data = json.loads(body or "{}")
            data = {k: v if isinstance(v, (dict, list)) else _text(v) for k, v in data.items()}
        else:
            data = decode(body)
        return _json(_dispatch(double, method, path, Params(data)))
    except ApiError as error:
        return _json(error.body(), error.status)
    except KeyError as error:
        return _json(ApiError(str(error.args[0]), status=404).body(), 404)
    except ValueError as error:
        return _json(ApiError(str(error)).body(), 400)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _dispatch(double: StripeDouble, method: str, path: str, p: Params) -> Any:
    route = f"{method} {path.rstrip('/')}"
    if match := re.fullmatch(
        r"POST /_double/checkout/sessions/([^/]+)/(complete|async|expire)", route
    ):
        session_id, action = match.groups()
        if action == "complete":
            status = p.str("payment_status", choices=("paid", "unpaid")) or "paid"
            return double.complete_session(
                session_id, paid=status == "paid", email=p.str("email"), name=p.str("name")
            )
        if action == "async":
            result = p.str("result", required=True, choices=("succeeded", "failed"))
            return double.resolve_async_payment(session_id, succeeded=result == "succeeded")
        return double.expire_session(session_id)
    if match := re.fullmatch(r"POST /_double/charges/([^/]+)/(refund|dispute)", route):
        charge_id, action = match.groups()
        if action == "refund":
            return double.refund_charge(
                charge_id, amount=p.int("amount", minimum=1), reason=p.str("reason")
            )
        return double.dispute_charge(
            charge_id, reason=p.str("reason") or "fraudulent", amount=p.int("amount", minimum=1)
        )
    if match := re.fullmatch(r"POST /_double/events/([^/]+)/deliver", route):
        deliveries = double.deliver(
            match.group(1),
            times=p.int("times", minimum=1) or 1,
            concurrently=bool(p.bool("concurrently")),
            url=p.str("url"),
        )
        return {"deliveries": [d.as_dict() for d in deliveries]}
    return _simple(double, route, p)


def _simple(double: StripeDouble, route: str, p: Params) -> Any:
    if route in ("GET /_double", "GET /_double/"):
        return {"controls": INDEX}
    if route in ("GET /_double/clock", "POST /_double/clock"):
        if route.startswith("POST"):
            double.advance_clock(p.int("advance_seconds", required=True, minimum=0))
        return {"now": double.now(), "offset": double.store.clock.offset}
    if route == "POST /_double/webhook_endpoint":
        double.set_webhook_endpoint(
            p.str("url", required=True),
            p.str("secret") or double.webhook_secret,
            enabled_events=[str(e) for e in p.list("enabled_events")] or None,
        )
        return _endpoint(double)
    if route == "GET /_double/webhook_endpoint":
        return _endpoint(double)
    if route == "DELETE /_double/webhook_endpoint":
        double.clear_webhook_endpoint()
        return _endpoint(double)
    if route == "POST /_double/webhooks/pause":
        double.pause_webhooks()
        return _endpoint(double)
    if route == "POST /_double/webhooks/resume":
        double.resume_webhooks(redeliver=bool(p.bool("redeliver")))
        return _endpoint(double)
    if route == "GET /_double/requests":
        found = double.requests_to(p.str("path") or "*", method=p.str("method"))
        return {"requests": [r.as_dict() for r in found]}
    if route == "GET /_double/deliveries":
        return {"deliveries": [d.as_dict() for d in double.deliveries]}
    if route == "POST /_double/reset":
        double.reset()
        return {"reset": True}
    raise ApiError(f"Unrecognized test-control URL ({route}).", status=404)


def _endpoint(double: StripeDouble) -> dict[str, Any]:
    endpoint = double.dispatcher.endpoint
    return {
        "url": endpoint.url if endpoint else None,
        "enabled_events": endpoint.enabled_events if endpoint else None,
        "paused": double.dispatcher.paused,
    }
