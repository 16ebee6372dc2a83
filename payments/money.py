"""Money is an integer in the currency's smallest unit (cents), never a float: sums stay exact.

``money_format(150000, "usd")`` gives ``"$1,500.00"``. Rounding is half-up on whole minor
units, done once, in integers, so a total always equals the sum a receipt shows.
https://docs.stripe.com/currencies#zero-decimal
"""

import re

from django.core.exceptions import ValidationError

ZERO_DECIMAL_CURRENCIES = frozenset(
    "bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split()  # noqa: SIM905
)
SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£", "cad": "CA$", "aud": "A$"}
DEFAULT_CURRENCY = "usd"


def validate_currency(value: str) -> None:
    if not re.fullmatch(r"[a-z]{3}", value or ""):
        raise ValidationError(
            "Use a three-letter ISO currency code in lower case, e.g. 'usd' or 'eur'.",
            code="invalid_currency",
        )


def money_format(amount: int, currency: str) -> str:
    currency = (currency or DEFAULT_CURRENCY).lower()
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if currency in ZERO_DECIMAL_CURRENCIES:
        number = f"{amount:,}"
    else:
        number = f"{amount // 100:,}.{amount % 100:02d}"
    symbol = SYMBOLS.get(currency)
    if symbol:
        return f"{sign}{symbol}{number}"
    return f"{sign}{number} {currency.upper()}"


def percent_of(amount: int, percent: int) -> int:
    """``percent`` % of ``amount``, rounded half-up to a whole minor unit."""
    return (amount * percent + 50) // 100
