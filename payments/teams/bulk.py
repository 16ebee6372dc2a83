"""Inviting many colleagues at once, from a pasted list or an uploaded CSV.

All or nothing: every line is checked first, and if any is bad the owner gets every bad line
with its number and why, and nobody is invited. Otherwise every invitation is created in one
transaction (the team row locked, as ``services.team_invite`` does), and the emails go out on
commit only, so a failure half-way sends nothing.

The list is one address per line; a CSV's first column holds the address (a header line
``email`` is skipped, as are blank lines). Other columns are ignored.
"""

import csv
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from payments.errors import TeamError
from payments.models import InvitationStatus, Team, TeamInvitation

from .services import _active_seats, lock_team, team_invite, team_may_manage

MAX_ROWS = 500
HEADER_WORDS = {"email", "e-mail", "email address", "mail"}


@dataclass(frozen=True)
class BadRow:
    line: int
    value: str
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line} ({self.value or 'empty'}): {self.reason}"


class TeamBulkInviteRefused(TeamError):
    """Some lines are bad; nothing was imported. ``bad_rows`` says which and why."""

    def __init__(self, bad_rows: list[BadRow]) -> None:
        count = len(bad_rows)
        super().__init__(
            f"{count} line{'s' if count != 1 else ''} cannot be imported, so nobody was "
            "invited. Fix them and send the list again.",
            field="emails",
        )
        self.bad_rows = bad_rows


def parse_invitation_list(text: str) -> list[tuple[int, str]]:
    """``(line number, address as written)`` for each non-blank line of the list."""
    rows = []
    for number, cells in enumerate(csv.reader(text.splitlines()), start=1):
        value = (cells[0] if cells else "").strip()
        if not value and not any(cell.strip() for cell in cells):
            continue
        if number == 1 and value.lower() in HEADER_WORDS:
            continue
        rows.append((number, value))
    return rows


def team_invite_many(*, team: Team, actor, text: str) -> list[TeamInvitation]:
    """Invite every address in ``text``, or nobody (``TeamBulkInviteRefused``)."""
    rows = parse_invitation_list(text)
    if not rows:
        raise TeamError("The list has no email address in it.", field="emails")
    if len(rows) > MAX_ROWS:
        raise TeamError(f"Send at most {MAX_ROWS} addresses at once.", field="emails")
    with transaction.atomic():
        team = lock_team(team.pk)
        if not team_may_manage(team, actor):
            raise TeamError("Only the team's owner or a co-admin can invite.")
        members = {
            email.lower() for email in _active_seats(team).values_list("user__email", flat=True)
        }
        waiting = set(
            team.invitations.filter(status=InvitationStatus.PENDING).values_list("email", flat=True)
        )
        free = team.seats_total - len(members) - len(waiting)
        bad: list[BadRow] = []
        seen: dict[str, int] = {}
        good: list[str] = []
        for number, value in rows:
            email = value.lower()
            try:
                validate_email(email)
            except ValidationError:
                bad.append(BadRow(number, value, "not a valid email address"))
                continue
            if email in seen:
                bad.append(BadRow(number, value, f"the same address as line {seen[email]}"))
                continue
            seen[email] = number
            if email in members:
                bad.append(BadRow(number, value, "already has a seat in this team"))
            elif email in waiting:
                bad.append(BadRow(number, value, "already has an invitation waiting"))
            elif len(good) >= free:
                bad.append(
                    BadRow(
                        number,
                        value,
                        f"no seat left for it: {max(free, 0)} seat(s) can still be invited to"
                        "; buy more seats or shorten the list",
                    )
                )
            else:
                good.append(email)
        if bad:
            raise TeamBulkInviteRefused(bad)
        return [team_invite(team=team, actor=actor, email=email) for email in good]
