"""Coupons, Promotion Codes and the rules that decide whether a discount applies, and how much.

A Promotion Code names its coupon under ``promotion[coupon]`` (``promotion[type]=coupon``), as
the API version of the pinned SDK does, not the pre-2025 top-level ``coupon``.
https://docs.stripe.com/api/promotion_codes/object, https://docs.stripe.com/api/coupons/object
"""

from __future__ import annotations

import re
import secrets
import string
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from . import errors
from .errors import ApiError
from .forms import Params, metadata_apply
from .resources import currency_param
from .state import Store, filter_created, new_id, paginate

# -- coupons ----------------------------------------------------------------------------


def coupon_refresh(store: Store, coupon: dict[str, Any]) -> None:
    """``valid`` turns false once ``redeem_by`` passes or ``max_redemptions`` is reached."""
    expired = coupon["redeem_by"] is not None and coupon["redeem_by"] <= store.now()
    exhausted = (
        coupon["max_redemptions"] is not None
        and coupon["times_redeemed"] >= coupon["max_redemptions"]
    )
    coupon["valid"] = not (expired or exhausted)


def coupon_create(store: Store, p: Params) -> dict[str, Any]:
    Params(
        p.data,
        allow={
            "id", "name", "percent_off", "amount_off", "currency", "duration",
            "duration_in_months", "max_redemptions", "redeem_by", "metadata",
        },
    )  # fmt: skip
    coupon_id = p.str("id") or "".join(
        secrets.choice(string.ascii_uppercase + string.digits) for _ in range(8)
    )
    if coupon_id in store.objects and not store.objects[coupon_id].get("deleted"):
        raise ApiError("Coupon already exists.", code="resource_already_exists", param="id")
    percent_off = p.decimal("percent_off")
    amount_off = p.int("amount_off", minimum=1)
    if percent_off is None and amount_off is None:
        raise errors.missing("percent_off")
    if percent_off is not None and amount_off is not None:
        raise errors.exclusive("amount_off", "percent_off")
    if percent_off is not None and not Decimal(0) < percent_off <= Decimal(100):
        raise errors.invalid("percent_off", "percent_off must be greater than 0 and at most 100.")
    currency = currency_param(p, required=amount_off is not None)
    duration = p.str("duration", choices=("once", "forever", "repeating")) or "once"
    months = p.int("duration_in_months", minimum=1)
    if duration == "repeating" and months is None:
        raise errors.missing("duration_in_months")
    redeem_by = p.int("redeem_by")
    if redeem_by is not None and redeem_by <= store.now():
        raise errors.invalid("redeem_by", "redeem_by must be in the future.")
    coupon = {
        "id": coupon_id,
        "object": "coupon",
        "amount_off": amount_off,
        "created": store.now(),
        "currency": currency,
        "duration": duration,
        "duration_in_months": months,
        "livemode": False,
        "max_redemptions": p.int("max_redemptions", minimum=1),
        "metadata": metadata_apply({}, p.metadata()),
        "name": p.str("name"),
        "percent_off": float(percent_off) if percent_off is not None else None,
        "redeem_by": redeem_by,
        "times_redeemed": 0,
        "valid": True,
    }
    store.add(coupon)
    coupon_refresh(store, coupon)
    return coupon


def coupon_retrieve(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    return store.get("coupon", id)


def coupon_update(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    Params(p.data, allow={"name", "metadata"})
    coupon = store.get("coupon", id)
    if "name" in p:
        coupon["name"] = p.str("name")
    coupon["metadata"] = metadata_apply(coupon["metadata"], p.metadata())
    return coupon


def coupon_delete(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    coupon = store.get("coupon", id)
    coupon["deleted"] = True
    return {"id": id, "object": "coupon", "deleted": True}


def coupon_list(store: Store, p: Params) -> dict[str, Any]:
    Params(p.data, allow={"created", "limit", "starting_after", "ending_before"})
    return paginate(store, filter_created(store.all("coupon"), p), p, "/v1/coupons")


# -- promotion codes --------------------------------------------------------------------


def _active_code_taken(store: Store, code: str, except_id: str | None = None) -> bool:
    return any(
        o["code"].casefold() == code.casefold() and o["active"] and o["id"] != except_id
        for o in store.all("promotion_code")
    )


def promotion_code_create(store: Store, p: Params) -> dict[str, Any]:
    Params(
        p.data,
        allow={
            "code", "promotion", "active", "customer", "expires_at", "max_redemptions",
            "metadata", "restrictions",
        },
    )  # fmt: skip
    promotion = p.sub("promotion", allow={"type", "coupon"})
    promotion.str("type", required=True, choices=("coupon",))
    coupon = store.get("coupon", promotion.str("coupon", required=True), "promotion[coupon]")
    code = p.str("code") or "".join(
        secrets.choice(string.ascii_uppercase + string.digits) for _ in range(8)
    )
    if not re.fullmatch(r"[A-Za-z0-9-]{1,500}", code):
        raise errors.invalid("code", "Promotion codes may contain only a-z, A-Z, 0-9 and '-'.")
    active = p.bool("active", default=True)
    if active and _active_code_taken(store, code):
        raise ApiError(
            f"An active promotion code with `code: {code}` already exists.",
            code="resource_already_exists",
            param="code",
        )
    expires_at = p.int("expires_at")
    if expires_at is not None and expires_at <= store.now():
        raise errors.invalid("expires_at", "expires_at must be in the future.")
    if expires_at and coupon["redeem_by"] and expires_at > coupon["redeem_by"]:
        raise errors.invalid("expires_at", "expires_at cannot be after the coupon's redeem_by.")
    max_redemptions = p.int("max_redemptions", minimum=1)
    if (
        max_redemptions
        and coupon["max_redemptions"]
        and max_redemptions > coupon["max_redemptions"]
    ):
        raise errors.invalid(
            "max_redemptions", "max_redemptions cannot exceed the coupon's max_redemptions."
        )
    restrictions = p.sub(
        "restrictions",
        allow={"first_time_transaction", "minimum_amount", "minimum_amount_currency"},
    )
    minimum = restrictions.int("minimum_amount", minimum=1)
    minimum_currency = currency_param(
        restrictions, "minimum_amount_currency", required=minimum is not None
    )
    customer = p.str("customer")
    if customer:
        store.get("customer", customer, "customer")
    return store.add(
        {
            "id": new_id("promo_"),
            "object": "promotion_code",
            "active": active,
            "code": code,
            "created": store.now(),
            "customer": customer,
            "customer_account": None,
            "expires_at": expires_at,
            "livemode": False,
            "max_redemptions": max_redemptions,
            "metadata": metadata_apply({}, p.metadata()),
            "promotion": {"coupon": coupon["id"], "type": "coupon"},
            "restrictions": {
                "currency_options": {},
                "first_time_transaction": restrictions.bool(
                    "first_time_transaction", default=False
                ),
                "minimum_amount": minimum,
                "minimum_amount_currency": minimum_currency,
            },
            "times_redeemed": 0,
        }
    )


def promotion_code_retrieve(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    return store.get("promotion_code", id)


def promotion_code_update(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    Params(p.data, allow={"active", "metadata"})
    promo = store.get("promotion_code", id)
    active = p.bool("active", default=promo["active"])
    if active and not promo["active"] and _active_code_taken(store, promo["code"], promo["id"]):
        raise ApiError(
            f"An active promotion code with `code: {promo['code']}` already exists.",
            code="resource_already_exists",
            param="active",
        )
    promo["active"] = active
    promo["metadata"] = metadata_apply(promo["metadata"], p.metadata())
    return promo


def promotion_code_list(store: Store, p: Params) -> dict[str, Any]:
    Params(
        p.data,
        allow={
            "active", "code", "coupon", "customer", "created", "limit", "starting_after",
            "ending_before",
        },
    )  # fmt: skip
    items = store.all("promotion_code")
    active = p.bool("active")
    if active is not None:
        items = [o for o in items if o["active"] == active]
    if p.str("code"):
        items = [o for o in items if o["code"].casefold() == p.str("code").casefold()]
    if p.str("coupon"):
        items = [o for o in items if o["promotion"]["coupon"] == p.str("coupon")]
    if p.str("customer"):
        items = [o for o in items if o["customer"] == p.str("customer")]
    return paginate(store, filter_created(items, p), p, "/v1/promotion_codes")


# -- discounts --------------------------------------------------------------------------


def discount_check(
    store: Store,
    *,
    coupon: dict[str, Any],
    promo: dict[str, Any] | None,
    currency: str,
    subtotal: int,
    customer: str | None,
    param: str,
) -> None:
    """Refuse a coupon or promotion code Stripe would refuse for this purchase."""
    label = f"promotion code '{promo['code']}'" if promo else f"coupon '{coupon['id']}'"
    if promo is not None:
        if not promo["active"]:
            raise errors.invalid(param, f"The {label} is not active.")
        if promo["expires_at"] is not None and promo["expires_at"] <= store.now():
            raise errors.invalid(param, f"The {label} has expired.", code="coupon_expired")
        limit = promo["max_redemptions"]
        if limit is not None and promo["times_redeemed"] >= limit:
            raise errors.invalid(param, f"The {label} has reached its maximum redemptions.")
        if promo["customer"] and promo["customer"] != customer:
            raise errors.invalid(param, f"The {label} is restricted to another customer.")
        restrictions = promo["restrictions"]
        minimum = restrictions["minimum_amount"]
        if minimum is not None:
            if restrictions["minimum_amount_currency"] != currency:
                raise errors.invalid(
                    param,
                    f"The {label} has a minimum amount in "
                    f"{restrictions['minimum_amount_currency']}, not {currency}.",
                )
            if subtotal < minimum:
                raise errors.invalid(
                    param,
                    f"The {label} requires a minimum order amount of {minimum} {currency} "
                    f"(this order's subtotal is {subtotal}).",
                )
    if coupon.get("deleted"):
        raise errors.invalid(param, f"The {label}'s coupon has been deleted.")
    coupon_refresh(store, coupon)
    if not coupon["valid"]:
        if coupon["redeem_by"] is not None and coupon["redeem_by"] <= store.now():
            raise errors.invalid(param, f"The {label} has expired.", code="coupon_expired")
        raise errors.invalid(param, f"The {label} has reached its maximum redemptions.")
    if coupon["amount_off"] is not None and coupon["currency"] != currency:
        raise errors.invalid(
            param,
            f"The {label} is for {coupon['currency']}, but this purchase is in {currency}.",
        )


def discount_split(coupon: dict[str, Any], line_subtotals: list[int]) -> list[int]:
    """The discount on each line: percent rounded half-up per line; an amount off split in
    proportion to line subtotals (largest remainder), never more than the subtotal."""
    if coupon["percent_off"] is not None:
        percent = Decimal(str(coupon["percent_off"]))
        return [
            int((Decimal(amount) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            for amount in line_subtotals
        ]
    total = sum(line_subtotals)
    off = min(coupon["amount_off"], total)
    if total == 0:
        return [0 for _ in line_subtotals]
    shares = [off * amount // total for amount in line_subtotals]
    remainders = sorted(
        range(len(line_subtotals)),
        key=lambda i: (off * line_subtotals[i]) % total,
        reverse=True,
    )
    for i in remainders[: off - sum(shares)]:
        shares[i] += 1
    return shares


def redemption_record(store: Store, coupon: dict[str, Any], promo: dict[str, Any] | None) -> None:
    coupon["times_redeemed"] += 1
    coupon_refresh(store, coupon)
    if promo is not None:
        promo["times_redeemed"] += 1
