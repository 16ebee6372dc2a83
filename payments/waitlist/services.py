"""Waitlists as payments sells them: the engine's waitlist (``engine.capacity.waitlist``:
join, offer, expire, reorder, leave, for every capacity kind) plus buying an offered place
through the ordinary checkout.

The kinds payments sells (``payments.capacity``) send the join confirmation and the offer
by email, and say where a purchase of an offered place stands (an order that took over the
offer's hold, ``Order.adopted_hold``).
"""

from datetime import datetime

from django.utils import timezone

from engine.capacity.models import WaitlistEntry
from engine.capacity.waitlist import (
    OFFER_HOURS,
    Joined,
    WaitlistError,
    email_normalise,
    waitlist_join,
    waitlist_leave,
    waitlist_move,
    waitlist_offer_next,
    waitlist_reorder,
    waitlist_sweep,
)
from payments.orders import Checkout, order_checkout_start
from payments.waitlist.selectors import waitlist_offer_for_token

# What a refused join says (RATE_LIMITS["waitlist_join"], per client address; page and API).
WAITLIST_JOINS_REFUSED = "Too many waitlist sign-ups from your network"


def waitlist_offer_checkout(
    *,
    entry: WaitlistEntry,
    buyer,
    tier: str = "",
    code: str | None = None,
    site_url: str | None = None,
    now: datetime | None = None,
) -> Checkout:
    """Buy the offered place: the ordinary checkout, taking over the offer's hold (no second
    hold, so the place stays out of everyone else's reach), whatever the kind; ``tier`` is
    for a class only. Raises ``OfferUnavailable`` for a used or expired offer, and what
    ``order_checkout_start`` raises (``CheckoutRefused`` for a kind not sold here)."""
    now = now or timezone.now()
    entry = waitlist_offer_for_token(token=entry.offer_token or "", now=now)
    return order_checkout_start(
        buyer=buyer,
        target=entry.target,
        seats=1,
        tier=tier,
        code=code,
        site_url=site_url,
        now=now,
        adopt_hold=entry.hold_reference,
    )


__all__ = [
    "OFFER_HOURS",
    "WAITLIST_JOINS_REFUSED",
    "Joined",
    "WaitlistError",
    "email_normalise",
    "waitlist_join",
    "waitlist_leave",
    "waitlist_move",
    "waitlist_offer_checkout",
    "waitlist_offer_next",
    "waitlist_reorder",
    "waitlist_sweep",
]
