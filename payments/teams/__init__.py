"""Teams: the seat pool a multi-seat order buys, invitations and claiming a seat
(``services``), and the owner's pages (``views``). This module is the public surface."""

from .services import (
    INVITATION_SALT,
    INVITATION_SESSION_KEY,
    invitation_from_link_token,
    invitation_link_token,
    team_add_seats_for_order,
    team_create_for_order,
    team_invitation_reassign,
    team_invitation_revoke,
    team_invite,
    team_seat_claim,
    team_seat_take,
    team_seats_remove,
)

__all__ = [
    "INVITATION_SALT",
    "INVITATION_SESSION_KEY",
    "invitation_from_link_token",
    "invitation_link_token",
    "team_add_seats_for_order",
    "team_create_for_order",
    "team_invitation_reassign",
    "team_invitation_revoke",
    "team_invite",
    "team_seat_claim",
    "team_seat_take",
    "team_seats_remove",
]
