"""Checkout Sessions in ``mode=payment``: creation rules, totals, completion, async payment, expiry.

Follows https://docs.stripe.com/api/checkout/sessions and the fulfilment guide
https://docs.stripe.com/checkout/fulfillment: ``checkout.session.completed`` fires when the
customer finishes (``payment_status`` ``paid``, or ``unpaid`` for an async method that settles
later with ``checkout.session.async_payment_succeeded`` / ``_failed``); an open session past
``expires_at`` fires ``checkout.session.expired`` (those transitions: :mod:`.completion`).
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urlsplit

from . import discounts, errors
from .forms import Params, metadata_apply
from .invoicing import custom_fields_param
from .resources import currency_param, price_build, product_build
from .state import Store, filter_created, new_id, paginate
from .tax import tax_on

MIN_EXPIRY_SECONDS = 30 * 60
MAX_EXPIRY_SECONDS = 24 * 3600

_CREATE_KEYS = {
    "mode", "line_items", "metadata", "client_reference_id", "customer", "customer_email",
    "customer_creation", "success_url", "cancel_url", "expires_at", "discounts",
    "allow_promotion_codes", "payment_intent_data", "automatic_tax", "payment_method_types",
    "tax_id_collection", "billing_address_collection", "invoice_creation", "name_collection",
    "customer_update", "locale", "submit_type",
}  # fmt: skip


def _url_param(p: Params, key: str) -> str | None:
    value = p.str(key)
    if value is not None:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise errors.invalid(p.path(key), "Not a valid URL", code="url_invalid")
    return value


def _line_item(store: Store, item: Params) -> tuple[dict[str, Any], int]:
    quantity = item.int("quantity", required=True, minimum=1)
    if "price" in item and "price_data" in item:
        raise errors.exclusive(item.path("price"), item.path("price_data"))
    if "price" in item:
        price = store.get("price", item.str("price"), item.path("price"))
        if not price["active"]:
            raise errors.invalid(
                item.path("price"),
                "The price specified is inactive. This field only accepts active prices.",
            )
    elif "price_data" in item:
        data = item.sub(
            "price_data",
            allow={"currency", "unit_amount", "product", "product_data", "tax_behavior"},
        )
        currency_param(data)
        if "product" in data and "product_data" in data:
            raise errors.exclusive(data.path("product"), data.path("product_data"))
        if "product_data" in data:
            product = product_build(
                store,
                data.sub("product_data", allow={"name", "description", "metadata", "tax_code"}),
            )
        else:
            product = store.get("product", data.str("product", required=True), data.path("product"))
        price = price_build(store, data, product_id=product["id"])
    else:
        raise errors.missing(item.path("price"))
    return price, quantity


def _session_discount(store: Store, p: Params) -> tuple[dict | None, dict | None, str]:
    entries = p.list("discounts")
    if len(entries) > 1:
        raise errors.invalid("discounts", "Checkout Sessions accept at most one discount.")
    if not entries:
        return None, None, ""
    entry = Params(entries[0], "discounts[0]", allow={"coupon", "promotion_code"})
    if "coupon" in entry and "promotion_code" in entry:
        raise errors.exclusive("discounts[0][coupon]", "discounts[0][promotion_code]")
    if "promotion_code" in entry:
        param = entry.path("promotion_code")
        promo = store.get("promotion_code", entry.str("promotion_code", required=True), param)
        return store.get("coupon", promo["promotion"]["coupon"], param), promo, param
    param = entry.path("coupon")
    return store.get("coupon", entry.str("coupon", required=True), param), None, param


def session_create(store: Store, p: Params) -> dict[str, Any]:
    Params(p.data, allow=_CREATE_KEYS)
    mode = p.str("mode", required=True)
    if mode != "payment":
        raise errors.invalid(
            "mode",
            f"The local Stripe test double models mode=payment only (got mode={mode}).",
        )
    raw_items = p.list("line_items")
    if not raw_items:
        raise errors.missing("line_items")
    if len(raw_items) > 100:
        raise errors.invalid("line_items", "A Checkout Session accepts at most 100 line items.")
    now = store.now()
    expires_at = p.int("expires_at")
    if expires_at is None:
        expires_at = now + MAX_EXPIRY_SECONDS
    elif expires_at < now + MIN_EXPIRY_SECONDS:
        raise errors.invalid(
            "expires_at",
            "The `expires_at` timestamp must be at least 30 minutes from Checkout Session "
            "creation.",
        )
    elif expires_at > now + MAX_EXPIRY_SECONDS:
        raise errors.invalid(
            "expires_at",
            "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.",
        )
    if "customer" in p and "customer_email" in p:
        raise errors.exclusive("customer", "customer_email")
    if "customer" in p and "customer_creation" in p:
        raise errors.exclusive("customer", "customer_creation")
    if p.bool("allow_promotion_codes") and p.list("discounts"):
        raise errors.exclusive("allow_promotion_codes", "discounts")
    customer = p.str("customer")
    if customer:
        store.get("customer", customer, "customer")
    client_reference_id = p.str("client_reference_id")
    if client_reference_id and len(client_reference_id) > 200:
        raise errors.invalid("client_reference_id", "client_reference_id is at most 200 chars.")
    pi_data = p.sub("payment_intent_data", allow={"metadata", "description", "receipt_email"})
    tax = p.sub("automatic_tax", allow={"enabled"})
    tax_enabled = bool(tax.bool("enabled")) if "automatic_tax" in p else False
    if "automatic_tax" in p and tax.bool("enabled") is None:
        raise errors.missing("automatic_tax[enabled]")
    success_url, cancel_url = _url_param(p, "success_url"), _url_param(p, "cancel_url")

    priced = [
        _line_item(
            store, Params(raw, f"line_items[{i}]", allow={"price", "price_data", "quantity"})
        )
        for i, raw in enumerate(raw_items)
    ]
    currencies = {price["currency"] for price, _ in priced}
    if len(currencies) > 1:
        raise errors.invalid(
            "line_items", "All line items must use the same currency in a Checkout Session."
        )
    currency = currencies.pop()
    subtotals = [price["unit_amount"] * quantity for price, quantity in priced]
    coupon, promo, discount_param = _session_discount(store, p)
    if coupon is not None:
        discounts.discount_check(
            store,
            coupon=coupon,
            promo=promo,
            currency=currency,
            subtotal=sum(subtotals),
            customer=customer,
            param=discount_param,
        )
        line_discounts = discounts.discount_split(coupon, subtotals)
    else:
        line_discounts = [0 for _ in subtotals]

    line_items = []
    for (price, quantity), subtotal, discount in zip(
        priced, subtotals, line_discounts, strict=True
    ):
        product = store.objects[price["product"]]
        line_items.append(
            {
                "id": new_id("li_"),
                "object": "item",
                "amount_discount": discount,
                "amount_subtotal": subtotal,
                "amount_tax": 0,
                "amount_total": subtotal - discount,
                "currency": currency,
                "description": product["name"],
                "metadata": {},
                "price": copy.deepcopy(price),
                "quantity": quantity,
            }
        )
    # Automatic tax (the double's fixed table, tax.py) on the customer's country: known now
    # when a customer with an address was given, else when the buyer enters one at checkout.
    country = ((store.objects[customer].get("address") or {}).get("country")) if customer else None
    amount_tax = 0
    if tax_enabled and country:
        for line in line_items:
            line["amount_tax"] = tax_on(line["amount_total"], country)[0]
            line["amount_total"] += line["amount_tax"]
        amount_tax = sum(line["amount_tax"] for line in line_items)
    tax_ids = p.sub("tax_id_collection", allow={"enabled", "required"})
    address_collection = p.str("billing_address_collection", choices=("auto", "required"))
    customer_update = _customer_update(
        p, customer=customer, collects_tax_ids=tax_ids.bool("enabled")
    )
    invoice_creation, invoice_data = _invoice_creation(p)
    names = _name_collection(p)
    session_id = new_id("cs_test_", 58)
    amount_discount = sum(line_discounts)
    session = {
        "id": session_id,
        "object": "checkout.session",
        "after_expiration": None,
        "allow_promotion_codes": p.bool("allow_promotion_codes"),
        "amount_subtotal": sum(subtotals),
        "amount_total": sum(subtotals) - amount_discount + amount_tax,
        "automatic_tax": {
            "enabled": tax_enabled,
            "liability": {"type": "self"} if tax_enabled else None,
            "provider": "stripe" if tax_enabled else None,
            "status": (
                ("complete" if country else "requires_location_inputs") if tax_enabled else None
            ),
        },
        "billing_address_collection": address_collection,
        "cancel_url": cancel_url,
        "client_reference_id": client_reference_id,
        "client_secret": None,
        "created": now,
        "currency": currency,
        "custom_fields": [],
        "customer": customer,
        "customer_creation": None if customer else p.str("customer_creation") or "if_required",
        "customer_details": None,
        "customer_email": p.str("customer_email"),
        "discounts": (
            [{"coupon": coupon["id"], "promotion_code": promo["id"] if promo else None}]
            if coupon
            else []
        ),
        "expires_at": expires_at,
        "invoice": None,
        "livemode": False,
        "locale": p.str("locale"),
        "metadata": metadata_apply({}, p.metadata()),
        "mode": "payment",
        "payment_intent": None,
        "payment_link": None,
        "payment_method_collection": "if_required",
        "payment_method_types": [t for t in p.list("payment_method_types") if isinstance(t, str)]
        or ["card"],
        "payment_status": "unpaid",
        "recovered_from": None,
        "setup_intent": None,
        "shipping_address_collection": None,
        "shipping_cost": None,
        "shipping_options": [],
        "status": "open",
        "submit_type": p.str("submit_type"),
        "subscription": None,
        "success_url": success_url,
        "total_details": {
            "amount_discount": amount_discount,
            "amount_shipping": 0,
            "amount_tax": amount_tax,
        },
        "tax_id_collection": {
            "enabled": bool(tax_ids.bool("enabled")),
            "required": tax_ids.str("required", choices=("if_supported", "never")) or "never",
        },
        "invoice_creation": invoice_creation,
        "name_collection": names,
        "ui_mode": "hosted",
        "url": f"{store.base_url}/checkout/{session_id}",
    }
    return store.add(
        session,
        line_items=line_items,
        payment_intent_data={
            "metadata": metadata_apply({}, pi_data.metadata()),
            "description": pi_data.str("description"),
            "receipt_email": pi_data.str("receipt_email"),
        },
        invoice_data=invoice_data,
        customer_update=customer_update,
    )


def _customer_update(p: Params, *, customer: str | None, collects_tax_ids: bool | None) -> dict:
    """What completing the session writes back to an existing ``customer`` (name, address)."""
    update = p.sub("customer_update", allow={"name", "address", "shipping"})
    if "customer_update" in p and not customer:
        raise errors.invalid(
            "customer_update", "customer_update can only be used with an existing customer."
        )
    result = {
        key: update.str(key, choices=("auto", "never")) or "never"
        for key in ("name", "address", "shipping")
    }
    if customer and collects_tax_ids and result["name"] != "auto":
        raise errors.invalid(
            "customer_update[name]",
            "tax_id_collection[enabled] with an existing customer requires "
            "customer_update[name]=auto, so the business name collected is saved.",
        )
    return result


def _invoice_creation(p: Params) -> tuple[dict[str, Any], dict[str, Any]]:
    """``invoice_creation[enabled]`` and its ``invoice_data`` (custom fields, description,
    footer, metadata): the session's public shape, and what completion needs."""
    creation = p.sub("invoice_creation", allow={"enabled", "invoice_data"})
    enabled = creation.bool("enabled")
    if "invoice_creation" in p and enabled is None:
        raise errors.missing("invoice_creation[enabled]")
    data = creation.sub(
        "invoice_data", allow={"custom_fields", "description", "footer", "metadata"}
    )
    if "invoice_data" in creation and not enabled:
        raise errors.invalid(
            "invoice_creation[invoice_data]",
            "invoice_creation[invoice_data] needs invoice_creation[enabled]=true.",
        )
    invoice_data = {
        "account_tax_ids": None,
        "custom_fields": custom_fields_param(data) or None,
        "description": data.str("description"),
        "footer": data.str("footer"),
        "issuer": None,
        "metadata": metadata_apply({}, data.metadata()),
        "rendering_options": None,
    }
    return {"enabled": bool(enabled), "invoice_data": copy.deepcopy(invoice_data)}, invoice_data


def _name_collection(p: Params) -> dict[str, Any]:
    """``name_collection[business|individual][enabled|optional]``."""
    names = p.sub("name_collection", allow={"business", "individual"})
    result = {}
    for kind in ("business", "individual"):
        entry = names.sub(kind, allow={"enabled", "optional"})
        if kind in names and entry.bool("enabled") is None:
            raise errors.missing(f"name_collection[{kind}][enabled]")
        result[kind] = {
            "enabled": bool(entry.bool("enabled")),
            "optional": bool(entry.bool("optional")),
        }
    return result


def session_retrieve(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    return store.get("checkout.session", id)


def session_list(store: Store, p: Params) -> dict[str, Any]:
    Params(
        p.data,
        allow={
            "payment_intent", "status", "customer", "customer_details", "created", "limit",
            "starting_after", "ending_before",
        },
    )  # fmt: skip
    items = store.all("checkout.session")
    for key in ("payment_intent", "customer"):
        if p.str(key):
            items = [o for o in items if o[key] == p.str(key)]
    status = p.str("status", choices=("open", "complete", "expired"))
    if status:
        items = [o for o in items if o["status"] == status]
    email = p.sub("customer_details", allow={"email"}).str("email")
    if email:
        items = [o for o in items if (o["customer_details"] or {}).get("email") == email]
    return paginate(store, filter_created(items, p), p, "/v1/checkout/sessions")


def line_items_page(store: Store, session: dict[str, Any], p: Params) -> dict[str, Any]:
    """Line items in the order given at creation, with cursor pagination."""
    items = store.private[session["id"]]["line_items"]
    limit = p.int("limit") or 10
    if not 1 <= limit <= 100:
        raise errors.invalid("limit", "Invalid limit: must be between 1 and 100")
    ids = [item["id"] for item in items]
    start = 0
    after = p.str("starting_after")
    if after:
        if after not in ids:
            raise errors.not_found("item", after, "starting_after")
        start = ids.index(after) + 1
    page = items[start : start + limit]
    return {
        "object": "list",
        "data": copy.deepcopy(page),
        "has_more": start + limit < len(items),
        "url": f"/v1/checkout/sessions/{session['id']}/line_items",
    }


def session_line_items(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    Params(p.data, allow={"limit", "starting_after", "ending_before"})
    return line_items_page(store, store.get("checkout.session", id), p)


def virtual_field(store: Store):
    """Builds fields Stripe returns only on ``expand[]`` (a session's ``line_items``)."""

    def build(obj: dict[str, Any], field_name: str) -> dict[str, Any]:
        return line_items_page(store, obj, Params({"limit": "100"}))

    return build
