"""Catalog objects: Products, Prices and Customers, in the shapes of the API version the pinned
SDK speaks (``stripe.api_version``). https://docs.stripe.com/api/prices/object
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from . import errors
from .errors import ApiError
from .forms import Params, metadata_apply
from .state import Store, filter_created, new_id, paginate

ZERO_DECIMAL_CURRENCIES = {
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
    "xaf", "xof", "xpf",
}  # fmt: skip


def currency_param(p: Params, key: str = "currency", *, required: bool = True) -> str | None:
    value = p.str(key, required=required)
    if value is None:
        return None
    if not re.fullmatch(r"[A-Za-z]{3}", value):
        raise errors.invalid(p.path(key), f"Invalid currency: {value}")
    return value.lower()


# -- products ---------------------------------------------------------------------------


def product_build(store: Store, p: Params) -> dict[str, Any]:
    product_id = p.str("id") or new_id("prod_", 14)
    if product_id in store.objects:
        raise ApiError("Product already exists.", code="resource_already_exists", param="id")
    now = store.now()
    return store.add(
        {
            "id": product_id,
            "object": "product",
            "active": p.bool("active", default=True),
            "created": now,
            "default_price": None,
            "description": p.str("description"),
            "images": [],
            "livemode": False,
            "marketing_features": [],
            "metadata": metadata_apply({}, p.metadata()),
            "name": p.str("name", required=True),
            "package_dimensions": None,
            "shippable": None,
            "statement_descriptor": None,
            "tax_code": p.str("tax_code"),
            "unit_label": None,
            "updated": now,
            "url": None,
        }
    )


def product_create(store: Store, p: Params) -> dict[str, Any]:
    Params(p.data, allow={"id", "name", "description", "active", "metadata", "tax_code"})
    return product_build(store, p)


def product_retrieve(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    return store.get("product", id)


def product_update(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    Params(p.data, allow={"name", "description", "active", "metadata"})
    product = store.get("product", id)
    for key in ("name", "description"):
        if p.str(key) is not None:
            product[key] = p.str(key)
    product["active"] = p.bool("active", default=product["active"])
    product["metadata"] = metadata_apply(product["metadata"], p.metadata())
    product["updated"] = store.now()
    return product


def product_list(store: Store, p: Params) -> dict[str, Any]:
    Params(p.data, allow={"active", "created", "limit", "starting_after", "ending_before"})
    items = store.all("product")
    active = p.bool("active")
    if active is not None:
        items = [o for o in items if o["active"] == active]
    return paginate(store, filter_created(items, p), p, "/v1/products")


# -- prices -----------------------------------------------------------------------------


def price_build(store: Store, p: Params, *, product_id: str, active: bool = True) -> dict[str, Any]:
    unit_amount = p.int("unit_amount", required=True, minimum=0)
    return store.add(
        {
            "id": new_id("price_"),
            "object": "price",
            "active": active,
            "billing_scheme": "per_unit",
            "created": store.now(),
            "currency": currency_param(p),
            "custom_unit_amount": None,
            "livemode": False,
            "lookup_key": p.str("lookup_key"),
            "metadata": metadata_apply({}, p.metadata()),
            "nickname": p.str("nickname"),
            "product": product_id,
            "recurring": None,
            "tax_behavior": p.str("tax_behavior") or "unspecified",
            "tiers_mode": None,
            "transform_quantity": None,
            "type": "one_time",
            "unit_amount": unit_amount,
            "unit_amount_decimal": str(unit_amount),
        }
    )


def price_create(store: Store, p: Params) -> dict[str, Any]:
    Params(
        p.data,
        allow={
            "currency", "unit_amount", "product", "product_data", "nickname", "metadata",
            "active", "lookup_key", "tax_behavior",
        },
    )  # fmt: skip
    if "product" in p and "product_data" in p:
        raise errors.exclusive("product", "product_data")
    if "product_data" in p:
        product_id = product_build(
            store, p.sub("product_data", allow={"name", "description", "metadata", "tax_code"})
        )["id"]
    else:
        product_id = store.get("product", p.str("product", required=True), "product")["id"]
    currency_param(p)
    return price_build(store, p, product_id=product_id, active=p.bool("active", default=True))


def price_retrieve(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    return store.get("price", id)


def price_update(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    Params(p.data, allow={"active", "metadata", "nickname", "lookup_key"})
    price = store.get("price", id)
    price["active"] = p.bool("active", default=price["active"])
    price["metadata"] = metadata_apply(price["metadata"], p.metadata())
    for key in ("nickname", "lookup_key"):
        if key in p:
            price[key] = p.str(key)
    return price


def price_list(store: Store, p: Params) -> dict[str, Any]:
    Params(
        p.data,
        allow={
            "active", "currency", "product", "type", "lookup_keys", "created", "limit",
            "starting_after", "ending_before",
        },
    )  # fmt: skip
    items = store.all("price")
    active = p.bool("active")
    if active is not None:
        items = [o for o in items if o["active"] == active]
    for key in ("currency", "product", "type"):
        if p.str(key):
            items = [o for o in items if o[key] == p.str(key)]
    if p.list("lookup_keys"):
        items = [o for o in items if o["lookup_key"] in p.list("lookup_keys")]
    return paginate(store, filter_created(items, p), p, "/v1/prices")


# -- customers --------------------------------------------------------------------------


def customer_build(store: Store, *, email: str | None, name: str | None = None, **extra: Any):
    return store.add(
        {
            "id": new_id("cus_", 14),
            "object": "customer",
            "address": None,
            "balance": 0,
            "created": store.now(),
            "currency": None,
            "delinquent": False,
            "description": extra.get("description"),
            "email": email,
            "invoice_prefix": secrets.token_hex(4).upper(),
            "livemode": False,
            "metadata": extra.get("metadata") or {},
            "name": name,
            "phone": None,
            "preferred_locales": [],
            "shipping": None,
            "tax_exempt": "none",
        }
    )


_ADDRESS_KEYS = {"line1", "line2", "city", "postal_code", "state", "country"}


def address_param(p: Params, key: str = "address") -> dict[str, Any] | None:
    if key not in p:
        return None
    address = p.sub(key, allow=_ADDRESS_KEYS)
    country = address.str("country")
    if country is not None and not re.fullmatch(r"[A-Za-z]{2}", country):
        raise errors.invalid(
            address.path("country"),
            f"Invalid {address.path('country')}: use a two-letter ISO country code, e.g. GB.",
        )
    return {
        "city": address.str("city"),
        "country": country.upper() if country else None,
        "line1": address.str("line1"),
        "line2": address.str("line2"),
        "postal_code": address.str("postal_code"),
        "state": address.str("state"),
    }


def customer_create(store: Store, p: Params) -> dict[str, Any]:
    from .tax import tax_id_check, tax_id_object

    Params(p.data, allow={"email", "name", "description", "metadata", "address", "tax_id_data"})
    address = address_param(p)
    # Every tax ID is checked before anything is stored: an invalid one creates nothing.
    tax_ids = []
    for i, raw in enumerate(p.list("tax_id_data")):
        entry = Params(raw, f"tax_id_data[{i}]", allow={"type", "value"})
        tax_ids.append(
            tax_id_check(entry.str("type"), entry.str("value"), param=f"tax_id_data[{i}]")
        )
    customer = customer_build(
        store,
        email=p.str("email"),
        name=p.str("name"),
        description=p.str("description"),
        metadata=metadata_apply({}, p.metadata()),
    )
    customer["address"] = address
    for tax_type, value in tax_ids:
        store.add(tax_id_object(store, customer_id=customer["id"], tax_type=tax_type, value=value))
    return customer


def customer_tax_id_create(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    from .tax import tax_id_check, tax_id_object

    Params(p.data, allow={"type", "value"})
    customer = store.get("customer", id)
    tax_type, value = tax_id_check(p.str("type"), p.str("value"), param="tax_id")
    return store.add(
        tax_id_object(store, customer_id=customer["id"], tax_type=tax_type, value=value)
    )


def customer_tax_id_list(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    Params(p.data, allow={"limit", "starting_after", "ending_before"})
    customer = store.get("customer", id)
    items = [t for t in store.all("tax_id") if t["customer"] == customer["id"]]
    return paginate(store, items, p, f"/v1/customers/{id}/tax_ids")


def customer_retrieve(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    return store.get("customer", id)
