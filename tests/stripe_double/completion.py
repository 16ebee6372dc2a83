"""What happens to an open Checkout Session: the customer completes it, its async payment
settles or fails, or it expires (at ``expires_at``, or when expired through the API).

Follows https://docs.stripe.com/checkout/fulfillment. The PaymentIntent is created on
completion, as in API versions since 2022-08-01; redemptions of the session's coupon or
promotion code are counted then, after checking it is still redeemable.
"""

from __future__ import annotations

from typing import Any

from . import discounts, payments
from .errors import ApiError
from .forms import Params
from .resources import customer_build
from .state import Store

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


def session_complete(
    store: Store, session_id: str, *, paid: bool, email: str | None = None, name: str | None = None
) -> dict[str, Any]:
    """The customer finishes checkout: pays now (``paid``) or with a method that settles later."""
    session = store.get("checkout.session", session_id)
    _require_open(store, session)
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
    if session["customer"] is None and session["customer_creation"] == "always":
        session["customer"] = customer_build(store, email=email, name=name)["id"]
    session["customer_details"] = {
        "address": None,
        "email": email,
        "name": name,
        "phone": None,
        "tax_exempt": "none",
        "tax_ids": [],
    }
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
        store.emit("checkout.session.async_payment_succeeded", session)
    else:
        payments.payment_fail(store, pi)
        store.emit("checkout.session.async_payment_failed", session)
    return session
