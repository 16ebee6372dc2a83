"""Teams: the seat pool a multi-seat order buys, invitations and claiming a seat
(``services``), and the owner's pages (``views``). This module is the public surface."""

from .bulk import BadRow, TeamBulkInviteRefused, parse_invitation_list, team_invite_many
from .co_admins import team_co_admin_add, team_co_admin_remove
from .seats import STARTED_REFUSAL, team_seat_reassign
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
    team_may_manage,
    team_seat_claim,
    team_seat_take,
    team_seats_remove,
)

__all__ = [
    "INVITATION_SALT",
    "INVITATION_SESSION_KEY",
    "STARTED_REFUSAL",
    "BadRow",
    "TeamBulkInviteRefused",
    "invitation_from_link_token",
    "invitation_link_token",
    "parse_invitation_list",
    "team_add_seats_for_order",
    "team_co_admin_add",
    "team_co_admin_remove",
    "team_create_for_order",
    "team_invitation_reassign",
    "team_invitation_revoke",
    "team_invite",
    "team_invite_many",
    "team_may_manage",
    "team_seat_claim",
    "team_seat_reassign",
    "team_seat_take",
    "team_seats_remove",
]
