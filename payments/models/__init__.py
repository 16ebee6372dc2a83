"""Models of the ``payments`` app, one module per concern, re-exported here.

``catalog``: prices and group bands; ``discounts``: codes and redemptions; ``orders``:
orders, refunds and Stripe events; ``teams``: seat pools, invitations and claimed seats;
``workshops``: workshop pages, ticket holds and tickets; ``waitlist``: people waiting for a
place in a sold-out class or workshop.
"""

from .catalog import GROUP_MIN_SEATS, MAX_SEATS_PER_ORDER, CohortPrice, GroupPriceBand
from .discounts import (
    LIVE_REDEMPTION_STATUSES,
    DiscountCode,
    DiscountRedemption,
    RedemptionStatus,
)
from .orders import (
    EventSource,
    Order,
    OrderLine,
    OrderRefund,
    OrderStatus,
    RefundSource,
    StripeCheckpoint,
    StripeEvent,
)
from .teams import InvitationStatus, SeatStatus, Team, TeamInvitation, TeamSeat
from .workshops import Ticket, TicketStatus, WorkshopIndexPage, WorkshopPage

__all__ = [
    "GROUP_MIN_SEATS",
    "LIVE_REDEMPTION_STATUSES",
    "MAX_SEATS_PER_ORDER",
    "CohortPrice",
    "DiscountCode",
    "DiscountRedemption",
    "EventSource",
    "GroupPriceBand",
    "InvitationStatus",
    "Order",
    "OrderLine",
    "OrderRefund",
    "OrderStatus",
    "RedemptionStatus",
    "RefundSource",
    "SeatStatus",
    "StripeCheckpoint",
    "StripeEvent",
    "Team",
    "TeamInvitation",
    "TeamSeat",
    "Ticket",
    "TicketStatus",
    "WorkshopIndexPage",
    "WorkshopPage",
]
