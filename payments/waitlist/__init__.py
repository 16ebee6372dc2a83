"""Waitlists as the seller shows them: the checkout from an offer (``services``, on top of
``engine.capacity.waitlist``), signed leave links (``selectors``), names and URLs of what is
waited for (``targets``), the join and leave pages (``views``) and the staff screens
(``admin``). This module is the public surface."""

from .selectors import waitlist_leave_token
from .services import (
    OFFER_HOURS,
    WAITLIST_JOINS_REFUSED,
    WaitlistError,
    waitlist_join,
    waitlist_leave,
    waitlist_move,
    waitlist_offer_next,
    waitlist_sweep,
)
from .targets import target_filter, target_name

__all__ = [
    "OFFER_HOURS",
    "WAITLIST_JOINS_REFUSED",
    "WaitlistError",
    "target_filter",
    "target_name",
    "waitlist_join",
    "waitlist_leave",
    "waitlist_leave_token",
    "waitlist_move",
    "waitlist_offer_next",
    "waitlist_sweep",
]
