"""The one module that talks to Stripe: a named function per operation the school makes.

Nothing else imports ``stripe`` (a test walks the source tree to keep it so). Each function

- builds its client from settings ``STRIPE_SECRET_KEY`` and ``STRIPE_API_BASE`` (empty: Stripe
  itself; set: the local test double, never in production);
- sends an idempotency key derived from what it creates (an order's checkout, a refund of an
  amount after what was refunded before, a discount code's terms), so a retried request, by
  the SDK or by a Celery retry minutes later, is made once
  (https://docs.stripe.com/api/idempotent_requests). Updates carry the SDK's own per-request
  key instead: the same update sent again later must take effect again;
- returns plain dicts (Stripe objects read with ``.get``);
- turns ``stripe.StripeError`` into the project's own (``payments.errors``): ``StripeUnreachable``
  when the same request may work in a minute (network, rate limit, Stripe's own failure; what
  Celery retries), ``StripeRefused`` when it will not, each with a message a buyer or a staff
  member can act on.

The official SDK is used unchanged (https://docs.stripe.com/api?lang=python).
"""

import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import stripe

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from payments.errors import (
    StripeGatewayError,
    StripeRefused,
    StripeUnreachable,
    WebhookSignatureInvalid,
)

NETWORK_RETRIES = 2

# What Celery's autoretry retries (``payments.tasks``): Stripe unreachable or busy.
TRANSIENT_STRIPE_ERRORS: tuple[type[StripeGatewayError], ...] = (StripeUnreachable,)

T = TypeVar("T")


def _client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise ImproperlyConfigured(
            "STRIPE_SECRET_KEY is not set. For local work start the Stripe test double "
            "(python -m tests.stripe_double) and set STRIPE_API_BASE and STRIPE_SECRET_KEY."
        )
    options: dict[str, Any] = {"max_network_retries": NETWORK_RETRIES}
    if settings.STRIPE_API_BASE:
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, **options)


def stripe_error_translate(error: stripe.StripeError, *, operation: str) -> StripeGatewayError:
    """The project's exception for Stripe's ``error`` while trying to ``operation`` (a verb
    phrase: "refund order 12")."""
    code = getattr(error, "code", None) or ""
    status = error.http_status or 0
    if isinstance(error, stripe.APIConnectionError | stripe.RateLimitError) or status >= 500:
        return StripeUnreachable(
            f"Stripe could not be reached to {operation}. Try again in a minute: a repeated "
            "request is never carried out twice.",
            operation=operation,
            stripe_code=code,
        )
    if isinstance(error, stripe.AuthenticationError | stripe.PermissionError):
        return StripeRefused(
            f"Stripe refused our API key when asked to {operation}: check the server's "
            "STRIPE_SECRET_KEY (and STRIPE_API_BASE) settings.",
            operation=operation,
            stripe_code=code,
        )
    detail = (error.user_message or "no reason given").rstrip(".")
    return StripeRefused(
        f"Stripe refused to {operation}: {detail}.", operation=operation, stripe_code=code
    )


def _call(operation: str, request: Callable[[stripe.StripeClient], T]) -> T:
    try:
        return request(_client())
    except stripe.StripeError as error:
        raise stripe_error_translate(error, operation=operation) from error


def as_dict(obj: Any) -> dict[str, Any]:
    """A plain dict of a Stripe object (for JSON fields and for code that reads with .get)."""
    if obj is None:
        return {}
    if isinstance(obj, stripe.StripeObject):
        return obj.to_dict()
    return dict(obj)


def object_id(value: Any) -> str:
    """The id of a field that is either an id or an expanded object."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get("id") or ""


# -- Checkout Sessions ------------------------------------------------------------------------


def checkout_session_create(*, order_id: int, params: dict) -> dict:
    """The Checkout Session of order ``order_id``: one per order, whatever the retries."""
    return as_dict(
        _call(
            f"open the checkout of order {order_id}",
            lambda client: client.v1.checkout.sessions.create(
                params=params, options={"idempotency_key": f"order-{order_id}-checkout"}
            ),
        )
    )


def checkout_session_retrieve(*, session_id: str) -> dict:
    """The session as Stripe has it now, its PaymentIntent and invoice expanded."""
    return as_dict(
        _call(
            f"read checkout session {session_id}",
            lambda client: client.v1.checkout.sessions.retrieve(
                session_id, params={"expand": ["payment_intent", "invoice"]}
            ),
        )
    )


def checkout_session_expire(*, session_id: str) -> dict:
    """Close an open session so it can no longer be paid (expiring is one-way, so the key
    names the session)."""
    return as_dict(
        _call(
            f"close checkout session {session_id}",
            lambda client: client.v1.checkout.sessions.expire(
                session_id, options={"idempotency_key": f"session-{session_id}-expire"}
            ),
        )
    )


# -- refunds, charges, disputes, events --------------------------------------------------------


def refund_create(
    *, order_id: int, payment_intent_id: str, amount: int, refunded_before: int, source: str
) -> dict:
    """Refund ``amount`` of the order's payment. The key names the order, the amount and what
    had been refunded before, so a double-click or a retry refunds once, while a second
    deliberate refund of the same amount is a new refund."""
    return as_dict(
        _call(
            f"refund order {order_id}",
            lambda client: client.v1.refunds.create(
                params={
                    "payment_intent": payment_intent_id,
                    "amount": amount,
                    "metadata": {"order_id": str(order_id), "source": source},
                },
                options={"idempotency_key": f"refund-{order_id}-{amount}-{refunded_before}"},
            ),
        )
    )


def refunds_list(*, charge_id: str) -> list[dict]:
    """Every refund of a charge (all pages)."""

    def request(client: stripe.StripeClient) -> list[dict]:
        pages = client.v1.refunds.list(params={"charge": charge_id, "limit": 100})
        return [as_dict(refund) for refund in pages.auto_paging_iter()]

    return _call(f"list the refunds of charge {charge_id}", request)


def charge_retrieve(*, charge_id: str) -> dict:
    return as_dict(
        _call(f"read charge {charge_id}", lambda client: client.v1.charges.retrieve(charge_id))
    )


def payment_intent_retrieve(*, payment_intent_id: str) -> dict:
    return as_dict(
        _call(
            f"read payment {payment_intent_id}",
            lambda client: client.v1.payment_intents.retrieve(payment_intent_id),
        )
    )


def dispute_retrieve(*, dispute_id: str) -> dict:
    return as_dict(
        _call(f"read dispute {dispute_id}", lambda client: client.v1.disputes.retrieve(dispute_id))
    )


def events_list(*, types: list[str], created_gte: int) -> Iterator[dict]:
    """Stripe's events of ``types`` created since ``created_gte`` (a Unix time), newest first,
    page after page as they are read."""
    operation = "list its recent events"
    try:
        pages = _client().v1.events.list(
            params={"types": types, "created": {"gte": created_gte}, "limit": 100}
        )
        for event in pages.auto_paging_iter():
            yield as_dict(event)
    except stripe.StripeError as error:
        raise stripe_error_translate(error, operation=operation) from error


# -- the mirror of a discount code: Coupon and Promotion Code ---------------------------------


def coupon_create(*, params: dict, code_id: int, terms: str) -> None:
    """The Coupon of a discount code's ``terms``. Its id derives from the terms, so one that
    already exists (a retry after a lost answer) is the one we wanted."""
    try:
        _call(
            f"create the coupon of discount code {code_id}",
            lambda client: client.v1.coupons.create(
                params=params, options={"idempotency_key": f"discount-{code_id}-{terms}-coupon"}
            ),
        )
    except StripeRefused as refused:
        if refused.stripe_code != "resource_already_exists":
            raise


def promotion_code_create(*, params: dict, code_id: int, terms: str) -> dict:
    return as_dict(
        _call(
            f"create the promotion code of discount code {code_id}",
            lambda client: client.v1.promotion_codes.create(
                params=params, options={"idempotency_key": f"discount-{code_id}-{terms}-promo"}
            ),
        )
    )


def promotion_code_set_active(*, promotion_code_id: str, active: bool) -> dict:
    return as_dict(
        _call(
            f"{'activate' if active else 'deactivate'} promotion code {promotion_code_id}",
            lambda client: client.v1.promotion_codes.update(
                promotion_code_id, params={"active": active}
            ),
        )
    )


# -- webhooks ---------------------------------------------------------------------------------


def webhook_event_construct(*, payload: bytes, signature: str, secret: str, tolerance: int) -> dict:
    """The event a webhook delivered, once its signature is checked against ``secret``
    (``WebhookSignatureInvalid`` if not; ``ValueError`` for a payload that is not JSON)."""
    try:
        event = stripe.Webhook.construct_event(payload, signature, secret, tolerance=tolerance)
    except stripe.SignatureVerificationError as error:
        raise WebhookSignatureInvalid(error.user_message or str(error)) from None
    return event.to_dict()


# -- Paying as a company: customers with tax IDs, invoices, credit notes ----------------------


def company_customer_create(*, buyer_id: int, params: dict) -> dict:
    """A Stripe Customer for a company buying (name, billing address, tax IDs). Stripe checks
    each tax ID's format: an invalid one is ``StripeRefused`` naming it, and nothing is made.
    The same details sent again (a retry, a second click) give the same customer."""
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:24]
    return as_dict(
        _call(
            "record the company's billing details",
            lambda client: client.v1.customers.create(
                params=params,
                options={"idempotency_key": f"company-{buyer_id}-{digest}"},
            ),
        )
    )


def invoice_create_for_order(*, order_id: int, params: dict, items: list[dict]) -> dict:
    """Order ``order_id``'s invoice (a draft with its lines), finalized (numbered, due date,
    hosted page and PDF) and sent; once per order whatever the retries."""
    key = f"order-{order_id}-invoice"

    def create(client: stripe.StripeClient) -> Any:
        invoice = client.v1.invoices.create(params=params, options={"idempotency_key": key})
        if invoice.status == "draft":
            for n, item in enumerate(items):
                client.v1.invoice_items.create(
                    params={**item, "invoice": invoice.id},
                    options={"idempotency_key": f"{key}-item-{n}"},
                )
            invoice = client.v1.invoices.finalize_invoice(
                invoice.id, options={"idempotency_key": f"{key}-finalize"}
            )
        if invoice.collection_method == "send_invoice" and invoice.status == "open":
            client.v1.invoices.send_invoice(invoice.id, options={"idempotency_key": f"{key}-send"})
        return invoice

    return as_dict(_call(f"invoice order {order_id}", create))


def invoice_retrieve(*, invoice_id: str) -> dict:
    return as_dict(
        _call(f"read invoice {invoice_id}", lambda client: client.v1.invoices.retrieve(invoice_id))
    )


def invoice_void(*, invoice_id: str) -> dict:
    """Void an open invoice (its order ended unpaid): nobody should pay it any more."""
    return as_dict(
        _call(
            f"void invoice {invoice_id}",
            lambda client: client.v1.invoices.void_invoice(
                invoice_id, options={"idempotency_key": f"invoice-{invoice_id}-void"}
            ),
        )
    )


def credit_note_create(*, invoice_id: str, params: dict, key: str) -> dict:
    """A credit note on ``invoice_id`` (a refund of an invoiced order), once per ``key``."""
    return as_dict(
        _call(
            f"issue a credit note on invoice {invoice_id}",
            lambda client: client.v1.credit_notes.create(
                params={**params, "invoice": invoice_id},
                options={"idempotency_key": f"credit-note-{key}"},
            ),
        )
    )


def credit_note_retrieve(*, credit_note_id: str) -> dict:
    return as_dict(
        _call(
            f"read credit note {credit_note_id}",
            lambda client: client.v1.credit_notes.retrieve(credit_note_id),
        )
    )
