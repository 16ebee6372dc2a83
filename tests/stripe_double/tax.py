"""Tax IDs and automatic tax, modelled simply and honestly.

**Not Stripe's rules.** Stripe Tax decides from registrations, product tax codes, the
customer's location and dozens of special cases. The double uses one fixed table of rates by
the customer's country (``RATES``), the same for every product, exclusive of the price, and
rounds half up per invoice or session. Enough to tell "tax on" from "tax off" and to check that
what Stripe charged is what was recorded; never a statement about what a tax really is.

Tax ID formats follow the shapes Stripe documents for the types modelled
(https://docs.stripe.com/billing/customer/tax-ids); the double checks the shape only, not the
registry (Stripe checks EU VAT numbers against VIES asynchronously; here ``verification`` is
always ``unavailable``).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .errors import ApiError

# Percent, by ISO country: a documented fixture, not a tax authority.
RATES: dict[str, Decimal] = {
    "GB": Decimal("20"),
    "DE": Decimal("19"),
    "FR": Decimal("20"),
    "NL": Decimal("21"),
    "IE": Decimal("23"),
    "ES": Decimal("21"),
    "IT": Decimal("22"),
    "US": Decimal("0"),
    "CH": Decimal("8.1"),
}

_EU_PREFIXES = "AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI"
TAX_ID_FORMATS: dict[str, tuple[str, str]] = {
    # type: (pattern, an example Stripe's docs give)
    "eu_vat": (rf"(?:{_EU_PREFIXES})[0-9A-Z]{{8,12}}", "DE123456789"),
    "gb_vat": (r"GB(?:\d{9}|\d{12})", "GB123456789"),
    "us_ein": (r"\d{2}-\d{7}", "12-3456789"),
    "ch_vat": (r"CHE-\d{3}\.\d{3}\.\d{3} (?:MWST|TVA|IVA)", "CHE-123.456.789 MWST"),
}


def tax_id_check(tax_type: str | None, value: str | None, *, param: str) -> tuple[str, str]:
    """The type and value, normalised, or Stripe's ``tax_id_invalid`` error naming the param."""
    if not tax_type:
        raise ApiError(f"Missing required param: {param}[type].", code="parameter_missing",
                       param=f"{param}[type]")  # fmt: skip
    if tax_type not in TAX_ID_FORMATS:
        raise ApiError(
            f"Invalid {param}[type]: must be one of {', '.join(sorted(TAX_ID_FORMATS))} (the "
            "tax ID types the local Stripe test double models).",
            param=f"{param}[type]",
        )
    normal = (
        (value or "").strip().upper().replace(" ", "")
        if tax_type != "ch_vat"
        else ((value or "").strip())
    )
    pattern, example = TAX_ID_FORMATS[tax_type]
    if not re.fullmatch(pattern, normal):
        raise ApiError(
            f"Invalid value for {tax_type}: '{value}'. Expected a value like {example}.",
            code="tax_id_invalid",
            param=f"{param}[value]",
        )
    return tax_type, normal


def tax_id_object(store, *, customer_id: str | None, tax_type: str, value: str) -> dict[str, Any]:
    from .state import new_id

    country = value[:2] if tax_type in ("eu_vat", "gb_vat") else tax_type[:2].upper()
    return {
        "id": new_id("txi_", 14),
        "object": "tax_id",
        "country": "GR" if country == "EL" else country,
        "created": store.now(),
        "customer": customer_id,
        "livemode": False,
        "type": tax_type,
        "value": value,
        "verification": {"status": "unavailable", "verified_address": None, "verified_name": None},
    }


def rate_for(country: str | None) -> Decimal | None:
    """The fixture's rate for ``country``; None when the double has no rate for it."""
    return RATES.get((country or "").upper())


def tax_on(amount: int, country: str | None) -> tuple[int, Decimal | None]:
    """(tax, rate) on ``amount`` for a customer in ``country``: 0 where no rate is known."""
    rate = rate_for(country)
    if rate is None or amount <= 0:
        return 0, rate
    tax = (Decimal(amount) * rate / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return int(tax), rate
