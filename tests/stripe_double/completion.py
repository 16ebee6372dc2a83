"""What happens to an open Checkout Session: the customer completes it, its async payment
settles or fails, or it expires (at ``expires_at``, or when expired through the API).

Follows https://docs.stripe.com/checkout/fulfillment. The PaymentIntent is created on
completion, as in API versions since 2022-08-01; redemptions of the session's coupon or
promotion code are counted then, after checking it is still redeemable.
"""

from __future__ import annotations

import re
from typing import Any

from . import discounts, invoicing, payments
from .errors import ApiError
from .forms import Params
from .resources import customer_build
from .state import Store
from .tax import tax_id_check, tax_id_object, tax_on

DEFAULT_EMAIL = "customer@example.test"


def _require_open(store: Store, session: dict[str, Any]) -> None:
    sessions_expire_due(store)
    if session["status"] != "open":
        raise ApiError(
            f"This Checkout Session is {session['status']}; only open sessions can be "
            "completed or expired."
        )


def session_expire(store: Store, session: dict[str, Any]) -> dict[str, Any]:
    session.update(status="expired", url=None)
    store.emit("checkout.session.expired", session)
    return session


def session_expire_api(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    Params(p.data, allow=set())
    session = store.get("checkout.session", id)
    sessions_expire_due(store)
    if session["status"] != "open":
        raise ApiError('Only Checkout Sessions with a status in ["open"] can be expired.')
    return session_expire(store, session)


def sessions_expire_due(store: Store) -> None:
    """Stripe expires open sessions once ``expires_at`` passes; so does the double's clock."""
    now = store.now()
    due = [s for s in store.all("checkout.session") if s["status"] == "open"]
    for session in sorted(due, key=lambda s: store.sequence[s["id"]]):
        if session["expires_at"] <= now:
            session_expire(store, session)
    for coupon in store.all("coupon"):
        discounts.coupon_refresh(store, coupon)


def _buyer_details(
    session: dict[str, Any], address: dict[str, Any] | None, tax_ids: list[tuple[str, str]] | None
) -> tuple[dict[str, Any] | None, list[dict[str, str]]]:
    """The billing address and tax IDs the buyer typed on the hosted page, checked as Checkout
    checks them (a tax ID only where ``tax_id_collection`` is on; its format validated)."""
    if tax_ids and not session["tax_id_collection"]["enabled"]:
        raise ApiError(
            "This Checkout Session does not collect tax IDs (tax_id_collection[enabled])."
        )
    checked = [
        tax_id_check(kind, value, param=f"customer_details[tax_ids][{i}]")
        for i, (kind, value) in enumerate(tax_ids or [])
    ]
    if address is not None and not re.fullmatch(r"[A-Z]{2}", str(address.get("country") or "")):
        raise ApiError("A billing address needs a two-letter ISO country, e.g. GB.",
                       param="customer_details[address][country]")  # fmt: skip
    return address, [{"type": kind, "value": value} for kind, value in checked]


def _required_details(
    session: dict[str, Any], address: dict[str, Any] | None, business_name: str | None
) -> None:
    """What the hosted page does not let the buyer skip: the billing address when
    ``billing_address_collection=required``, the business name when collected and not optional."""
    if session["billing_address_collection"] == "required" and not address:
        raise ApiError("Enter a billing address: this checkout requires one.",
                       param="customer_details[address]")  # fmt: skip
    business = session["name_collection"]["business"]
    if business["enabled"] and not business["optional"] and not business_name:
        raise ApiError("Enter the business name: this checkout requires one.",
                       param="customer_details[business_name]")  # fmt: skip


def _customer_save(
    store: Store,
    session: dict[str, Any],
    *,
    name: str | None,
    address: dict[str, Any] | None,
    tax_ids: list[dict[str, str]],
    typed_tax_ids: bool,
) -> None:
    """Checkout saves what the buyer typed on the session's Customer: on one it created,
    always; on an existing one, the name and address where ``customer_update`` says ``auto``
    (tax IDs with the name)."""
    customer = store.objects[session["customer"]]
    update = store.private[session["id"]]["customer_update"]
    created = store.private[session["id"]].get("customer_created", False)
    if name and (created or update["name"] == "auto"):
        customer["name"] = name
    if address and (created or update["address"] == "auto"):
        customer["address"] = address
    if typed_tax_ids and (created or update["name"] == "auto"):
        known = {
            (t["type"], t["value"]) for t in store.all("tax_id") if t["customer"] == customer["id"]
        }
        for tax_id in tax_ids:
            if (tax_id["type"], tax_id["value"]) not in known:
                store.add(
                    tax_id_object(
                        store,
                        customer_id=customer["id"],
                        tax_type=tax_id["type"],
                        value=tax_id["value"],
                    )
                )


def _tax_at_completion(store: Store, session: dict[str, Any], country: str | None) -> None:
    """Automatic tax waiting for the buyer's location is computed from their address."""
    tax = session["automatic_tax"]
    if not tax["enabled"] or tax["status"] != "requires_location_inputs" or not country:
        return
    lines = store.private[session["id"]]["line_items"]
    for line in lines:
        line["amount_tax"] = tax_on(line["amount_total"], country)[0]
        line["amount_total"] += line["amount_tax"]
    amount_tax = sum(line["amount_tax"] for line in lines)
    session["total_details"]["amount_tax"] = amount_tax
    session["amount_total"] += amount_tax
    tax["status"] = "complete"


def session_complete(
    store: Store,
    session_id: str,
    *,
    paid: bool,
    email: str | None = None,
    name: str | None = None,
    address: dict[str, Any] | None = None,
    tax_ids: list[tuple[str, str]] | None = None,
    business_name: str | None = None,
) -> dict[str, Any]:
    """The customer finishes checkout: pays now (``paid``) or with a method that settles later.
    ``business_name``, ``address`` and ``tax_ids`` ((type, value) pairs) are what they typed
    as a business."""
    session = store.get("checkout.session", session_id)
    _require_open(store, session)
    address, checked_tax_ids = _buyer_details(session, address, tax_ids)
    typed_tax_ids = bool(checked_tax_ids)
    if address is None and session["customer"]:
        address = store.objects[session["customer"]].get("address")
    if (
        business_name is None
        and session["customer"]
        and session["name_collection"]["business"]["enabled"]
    ):
        business_name = store.objects[session["customer"]].get("name")  # prefilled
    _required_details(session, address, business_name)
    _tax_at_completion(store, session, (address or {}).get("country"))
    private = store.private[session_id]
    coupon = promo = None
    if session["discounts"]:
        discount = session["discounts"][0]
        coupon = store.objects[discount["coupon"]]
        promo = store.objects.get(discount["promotion_code"] or "")
        discounts.discount_check(
            store,
            coupon=coupon,
            promo=promo,
            currency=session["currency"],
            subtotal=session["amount_subtotal"],
            customer=session["customer"],
            param="discounts",
        )
    email = email or session["customer_email"]
    if not email and session["customer"]:
        email = store.objects[session["customer"]]["email"]
    email = email or DEFAULT_EMAIL
    # Guest customers are not modelled: a session that makes an invoice gets a Customer.
    wants_customer = (
        session["customer_creation"] == "always" or session["invoice_creation"]["enabled"]
    )
    if session["customer"] is None and wants_customer:
        session["customer"] = customer_build(store, email=email, name=name)["id"]
        private["customer_created"] = True
    if name is None and session["customer"]:
        name = store.objects[session["customer"]].get("name")
    if not checked_tax_ids and session["customer"]:
        checked_tax_ids = [
            {"type": t["type"], "value": t["value"]}
            for t in store.all("tax_id")
            if t["customer"] == session["customer"]
        ]
    session["customer_details"] = {
        "address": address,
        "business_name": business_name,
        "email": email,
        "individual_name": None,
        "name": business_name or name,
        "phone": None,
        "tax_exempt": "none",
        "tax_ids": checked_tax_ids,
    }
    if session["customer"]:
        _customer_save(
            store,
            session,
            name=business_name or name,
            address=address,
            tax_ids=checked_tax_ids,
            typed_tax_ids=typed_tax_ids,
        )
    if coupon is not None:
        discounts.redemption_record(store, coupon, promo)
    session.update(status="complete", url=None)
    if session["amount_total"] == 0:
        session["payment_status"] = "no_payment_required"
    else:
        pi_data = private["payment_intent_data"]
        pi = payments.payment_intent_build(
            store,
            amount=session["amount_total"],
            currency=session["currency"],
            customer=session["customer"],
            metadata=dict(pi_data["metadata"]),
            description=pi_data["description"],
            receipt_email=pi_data["receipt_email"] or email,
            method_type="card" if paid else "customer_balance",
        )
        session["payment_intent"] = pi["id"]
        if paid:
            payments.payment_succeed(store, pi, name=name)
            session["payment_status"] = "paid"
        else:
            store.emit("payment_intent.processing", pi)
    if session["invoice_creation"]["enabled"] and session["payment_status"] != "unpaid":
        invoicing.invoice_for_session(store, session)
    store.emit("checkout.session.completed", session)
    return session


def session_resolve_async(store: Store, session_id: str, *, succeeded: bool) -> dict[str, Any]:
    """The delayed payment of a session completed ``unpaid`` settles or fails."""
    session = store.get("checkout.session", session_id)
    pi = store.objects.get(session["payment_intent"] or "")
    if session["status"] != "complete" or pi is None or pi["status"] != "processing":
        raise ApiError(
            "Only a Checkout Session completed with payment_status=unpaid (an async payment "
            "still processing) can have its payment succeed or fail."
        )
    if succeeded:
        payments.payment_succeed(store, pi, name=(session["customer_details"] or {}).get("name"))
        session["payment_status"] = "paid"
        if session["invoice_creation"]["enabled"]:
            invoicing.invoice_for_session(store, session)
        store.emit("checkout.session.async_payment_succeeded", session)
    else:
        payments.payment_fail(store, pi)
        store.emit("checkout.session.async_payment_failed", session)
    return session
