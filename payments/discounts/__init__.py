"""Discount codes: checking a code against a purchase, reserving and confirming its use, and
its mirror at Stripe (``services``). This module is the public surface."""

from .services import (
    discount_code_check,
    discount_code_find,
    discount_code_mirror,
    discount_code_mirror_is_current,
    discount_code_saved,
    discount_code_terms,
    discount_redemption_confirm,
    discount_redemption_give_back,
    discount_redemption_reserve,
    purchase_quote,
    workshop_purchase_quote,
)

__all__ = [
    "discount_code_check",
    "discount_code_find",
    "discount_code_mirror",
    "discount_code_mirror_is_current",
    "discount_code_saved",
    "discount_code_terms",
    "discount_redemption_confirm",
    "discount_redemption_give_back",
    "discount_redemption_reserve",
    "purchase_quote",
    "workshop_purchase_quote",
]
