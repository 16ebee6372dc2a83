"""PaymentIntents, Charges, Refunds and Disputes: what a completed Checkout Session leaves behind.

A paid session creates a succeeded PaymentIntent with one Charge (``latest_charge``). A session
completed unpaid (an async method such as a bank transfer) leaves the PaymentIntent
``processing`` with no Charge until the payment resolves. Refunds follow
https://docs.stripe.com/api/refunds/create (no more than the unrefunded remainder).
"""

from __future__ import annotations

from typing import Any

from . import errors
from .errors import ApiError
from .forms import Params, metadata_apply
from .state import Store, filter_created, new_id, paginate

_LIST_KEYS = {"created", "limit", "starting_after", "ending_before"}


def payment_intent_build(
    store: Store,
    *,
    amount: int,
    currency: str,
    customer: str | None,
    metadata: dict[str, str],
    description: str | None,
    receipt_email: str | None,
    method_type: str,
) -> dict[str, Any]:
    pi_id = new_id("pi_")
    return store.add(
        {
            "id": pi_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_capturable": 0,
            "amount_details": {"tip": {}},
            "amount_received": 0,
            "application": None,
            "application_fee_amount": None,
            "automatic_payment_methods": None,
            "canceled_at": None,
            "cancellation_reason": None,
            "capture_method": "automatic_async",
            "client_secret": f"{pi_id}_secret_{new_id('', 25)}",
            "confirmation_method": "automatic",
            "created": store.now(),
            "currency": currency,
            "customer": customer,
            "description": description,
            "last_payment_error": None,
            "latest_charge": None,
            "livemode": False,
            "metadata": metadata,
            "next_action": None,
            "on_behalf_of": None,
            "payment_method": new_id("pm_"),
            "payment_method_types": [method_type],
            "processing": None,
            "receipt_email": receipt_email,
            "review": None,
            "setup_future_usage": None,
            "shipping": None,
            "statement_descriptor": None,
            "status": "processing",
            "transfer_data": None,
            "transfer_group": None,
        }
    )


def _method_details(method_type: str) -> dict[str, Any]:
    if method_type == "card":
        card = {"brand": "visa", "country": "US", "exp_month": 12, "exp_year": 2034}
        return {"type": "card", "card": {**card, "funding": "credit", "last4": "4242"}}
    return {"type": method_type, method_type: {}}


def payment_succeed(store: Store, pi: dict[str, Any], *, name: str | None) -> dict[str, Any]:
    """Capture the PaymentIntent's full amount in a new Charge; emit Stripe's events."""
    charge = store.add(
        {
            "id": new_id("ch_"),
            "object": "charge",
            "amount": pi["amount"],
            "amount_captured": pi["amount"],
            "amount_refunded": 0,
            "application": None,
            "application_fee": None,
            "application_fee_amount": None,
            "balance_transaction": new_id("txn_"),
            "billing_details": {
                "address": None,
                "email": pi["receipt_email"],
                "name": name,
                "phone": None,
            },
            "calculated_statement_descriptor": "STRIPE TEST DOUBLE",
            "captured": True,
            "created": store.now(),
            "currency": pi["currency"],
            "customer": pi["customer"],
            "description": pi["description"],
            "disputed": False,
            "failure_code": None,
            "failure_message": None,
            "fraud_details": {},
            "livemode": False,
            "metadata": dict(pi["metadata"]),
            "outcome": {
                "network_status": "approved_by_network",
                "reason": None,
                "risk_level": "normal",
                "seller_message": "Payment complete.",
                "type": "authorized",
            },
            "paid": True,
            "payment_intent": pi["id"],
            "payment_method": pi["payment_method"],
            "payment_method_details": _method_details(pi["payment_method_types"][0]),
            "receipt_email": pi["receipt_email"],
            "receipt_url": None,
            "refunded": False,
            "status": "succeeded",
        }
    )
    pi.update(status="succeeded", amount_received=pi["amount"], latest_charge=charge["id"])
    store.emit("charge.succeeded", charge)
    store.emit("payment_intent.succeeded", pi)
    return charge


def payment_fail(store: Store, pi: dict[str, Any]) -> None:
    pi.update(
        status="requires_payment_method",
        last_payment_error={
            "code": "payment_method_provider_decline",
            "message": "The payment was declined by the customer's bank (Stripe test double).",
            "type": "card_error"
            if "card" in pi["payment_method_types"]
            else "invalid_request_error",
        },
    )
    store.emit("payment_intent.payment_failed", pi)


# -- API handlers -----------------------------------------------------------------------


def payment_intent_retrieve(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    return store.get("payment_intent", id)


def payment_intent_list(store: Store, p: Params) -> dict[str, Any]:
    Params(p.data, allow=_LIST_KEYS | {"customer"})
    items = store.all("payment_intent")
    if p.str("customer"):
        items = [o for o in items if o["customer"] == p.str("customer")]
    return paginate(store, filter_created(items, p), p, "/v1/payment_intents")


def charge_retrieve(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    return store.get("charge", id)


def charge_list(store: Store, p: Params) -> dict[str, Any]:
    Params(p.data, allow=_LIST_KEYS | {"customer", "payment_intent"})
    items = store.all("charge")
    for key in ("customer", "payment_intent"):
        if p.str(key):
            items = [o for o in items if o[key] == p.str(key)]
    return paginate(store, filter_created(items, p), p, "/v1/charges")


def refund_issue(
    store: Store,
    charge: dict[str, Any],
    *,
    amount: int | None,
    reason: str | None = None,
    metadata: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Refund part or all of what remains on a charge; refuse anything more."""
    remaining = charge["amount_captured"] - charge["amount_refunded"]
    if remaining <= 0:
        raise ApiError(
            f"Charge {charge['id']} has already been refunded.",
            code="charge_already_refunded",
        )
    if charge["disputed"]:
        raise ApiError(
            f"Charge {charge['id']} has been charged back; cannot issue a refund.",
            code="charge_disputed",
        )
    if amount is None:
        amount = remaining
    if amount > remaining:
        raise ApiError(
            f"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})",
            code="amount_too_large",
            param="amount",
        )
    refund = store.add(
        {
            "id": new_id("re_"),
            "object": "refund",
            "amount": amount,
            "balance_transaction": new_id("txn_"),
            "charge": charge["id"],
            "created": store.now(),
            "currency": charge["currency"],
            "destination_details": None,
            "metadata": metadata or {},
            "payment_intent": charge["payment_intent"],
            "reason": reason,
            "receipt_number": None,
            "source_transfer_reversal": None,
            "status": "succeeded",
            "transfer_reversal": None,
        }
    )
    previous = {"amount_refunded": charge["amount_refunded"], "refunded": charge["refunded"]}
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] >= charge["amount_captured"]
    store.emit("refund.created", refund)
    store.emit("charge.refunded", charge, previous_attributes=previous)
    return refund


def refund_create(store: Store, p: Params) -> dict[str, Any]:
    Params(p.data, allow={"payment_intent", "charge", "amount", "reason", "metadata"})
    if "payment_intent" in p and "charge" in p:
        raise errors.exclusive("charge", "payment_intent")
    if "payment_intent" in p:
        pi = store.get("payment_intent", p.str("payment_intent"), "payment_intent")
        if pi["status"] != "succeeded" or not pi["latest_charge"]:
            raise ApiError(
                f"This PaymentIntent ({pi['id']}) does not have a successful charge to refund.",
                param="payment_intent",
            )
        charge = store.get("charge", pi["latest_charge"], "payment_intent")
    elif "charge" in p:
        charge = store.get("charge", p.str("charge"), "charge")
    else:
        raise errors.missing("payment_intent")
    return refund_issue(
        store,
        charge,
        amount=p.int("amount", minimum=1),
        reason=p.str("reason", choices=("duplicate", "fraudulent", "requested_by_customer")),
        metadata=metadata_apply({}, p.metadata()),
    )


def refund_retrieve(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    return store.get("refund", id)


def refund_list(store: Store, p: Params) -> dict[str, Any]:
    Params(p.data, allow=_LIST_KEYS | {"charge", "payment_intent"})
    items = store.all("refund")
    for key in ("charge", "payment_intent"):
        if p.str(key):
            items = [o for o in items if o[key] == p.str(key)]
    return paginate(store, filter_created(items, p), p, "/v1/refunds")


def dispute_open(
    store: Store, charge: dict[str, Any], *, reason: str = "fraudulent", amount: int | None = None
) -> dict[str, Any]:
    """A customer's bank disputes the charge (what a chargeback looks like to the merchant)."""
    if charge["disputed"]:
        raise ApiError(f"Charge {charge['id']} is already disputed.")
    now = store.now()
    dispute = store.add(
        {
            "id": new_id("dp_"),
            "object": "dispute",
            "amount": amount
            if amount is not None
            else charge["amount"] - charge["amount_refunded"],
            "balance_transactions": [],
            "charge": charge["id"],
            "created": now,
            "currency": charge["currency"],
            "evidence": {},
            "evidence_details": {
                "due_by": now + 7 * 24 * 3600,
                "has_evidence": False,
                "past_due": False,
                "submission_count": 0,
            },
            "is_charge_refundable": False,
            "livemode": False,
            "metadata": {},
            "payment_intent": charge["payment_intent"],
            "reason": reason,
            "status": "needs_response",
        }
    )
    charge["disputed"] = True
    store.emit("charge.dispute.created", dispute)
    return dispute


def dispute_retrieve(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    return store.get("dispute", id)


def dispute_list(store: Store, p: Params) -> dict[str, Any]:
    Params(p.data, allow=_LIST_KEYS | {"charge", "payment_intent"})
    items = store.all("dispute")
    for key in ("charge", "payment_intent"):
        if p.str(key):
            items = [o for o in items if o[key] == p.str(key)]
    return paginate(store, filter_created(items, p), p, "/v1/disputes")
