"""What a team's owner sees of their team's progress: the page, the API and the CSV read this.

Progress itself is the courses app's (``courses.progress.enrollments_progress_load``, the same
read the student's dashboard makes); this module only arranges it per member of one team, in
a constant number of queries whatever the team's size (tests/payments/test_team_progress.py).
Members are shown behind-first: most open lessons not done, then fewest lessons done.
Invitees who have not claimed their seat have done nothing, so they are as far behind as a
member who has done nothing. Access is the owner's (or a co-admin's) alone: callers get the
team through ``selectors.team_for_manager``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from courses.progress import enrollments_followed, enrollments_progress_load
from payments.models import InvitationStatus, SeatStatus, Team, TeamInvitation, TeamSeat
from payments.teams.progress_columns import (
    EMPTY,
    MemberWeek,
    ProgressCell,
    TeamProgressColumn,
    team_progress_columns,
)

CLAIMED = "claimed"
INVITED = "invited"


@dataclass(frozen=True)
class WeekFigure:
    """One course week for one member: lessons done of the week's lessons."""

    number: int
    done: int
    total: int
    open: bool


@dataclass
class MemberProgress:
    email: str
    name: str
    status: str  # CLAIMED or INVITED (invitation sent, seat not claimed yet)
    since: datetime  # claimed at, or invited at
    seat_id: int | None = None
    invitation_id: int | None = None
    weeks: list[WeekFigure] = field(default_factory=list)
    done: int = 0
    total: int = 0
    open_lessons: int = 0
    done_last_7_days: int = 0
    last_active: datetime | None = None
    certificate_code: str = ""
    user_id: int | None = None
    course_id: int | None = None
    cells: list[ProgressCell] = field(default_factory=list)  # one per TeamProgress.columns

    @property
    def behind(self) -> int:
        """Lessons already open to the class that this member has not done."""
        return max(self.open_lessons - self.done, 0)

    @property
    def started(self) -> bool:
        return self.done > 0

    @property
    def status_label(self) -> str:
        return "Claimed" if self.status == CLAIMED else "Invited, not claimed"


@dataclass
class TeamProgress:
    team: Team
    members: list[MemberProgress]
    seats_without_invitation: int  # "pending": paid for, nobody invited yet
    columns: list[TeamProgressColumn] = field(default_factory=list)  # other apps' columns

    @property
    def week_numbers(self) -> list[int]:
        for member in self.members:
            if member.weeks:
                return [week.number for week in member.weeks]
        return []


def _member_from_seat(seat: TeamSeat, progress, now: datetime) -> MemberProgress:
    member = MemberProgress(
        email=seat.user.email,
        name=seat.user.get_full_name(),
        status=CLAIMED,
        since=seat.claimed_at,
        seat_id=seat.pk,
        invitation_id=seat.invitation_id,
        last_active=seat.user.last_login,
        user_id=seat.user_id,
    )
    if progress is None:
        return member
    week_ago = now - timedelta(days=7)
    for week in progress.weeks:
        if not week.lessons:
            continue  # a scheduled week the course has no lessons in yet
        member.weeks.append(
            WeekFigure(
                number=week.number,
                done=week.done,
                total=len(week.lessons),
                open=week.is_released,
            )
        )
        if week.is_released:
            member.open_lessons += len(week.lessons)
        member.done_last_7_days += sum(
            1 for row in week.lessons if row.done_at is not None and row.done_at >= week_ago
        )
    member.course_id = progress.course.pk
    member.done = progress.done
    member.total = progress.total
    last = [moment for moment in (progress.last_done_at, seat.user.last_login) if moment]
    member.last_active = max(last) if last else None
    certificate = progress.certificate
    if certificate is not None and certificate.is_valid:
        member.certificate_code = certificate.code
    return member


def team_progress(*, team: Team, now: datetime) -> TeamProgress:
    """Each claimed seat's progress (in the class the member is in now) and each waiting
    invitation, behind-first (10 queries when nobody was moved to another class, plus one per
    registered column)."""
    seats = list(
        TeamSeat.objects.filter(team=team, status=SeatStatus.ACTIVE)
        .select_related("user")
        .order_by("claimed_at", "pk")
    )
    invitations = list(
        TeamInvitation.objects.filter(team=team, status=InvitationStatus.PENDING).order_by(
            "created_at", "pk"
        )
    )
    # A member staff moved to another class has their progress there, not in the seat's
    # original enrollment: follow the transfer to where the member is now.
    now_in = enrollments_followed(enrollment_ids=[seat.enrollment_id for seat in seats])
    progress = enrollments_progress_load(enrollment_ids=set(now_in.values()))
    members = [
        _member_from_seat(seat, progress.get(now_in[seat.enrollment_id]), now) for seat in seats
    ]
    # An invitee who has not claimed yet will join the team's class, so its open lessons and
    # weeks, read off a member still in that class, stand for them.
    in_class = [
        member
        for seat, member in zip(seats, members, strict=True)
        if now_in[seat.enrollment_id] == seat.enrollment_id
    ]
    template = (in_class or members or [None])[0]
    for invitation in invitations:
        members.append(
            MemberProgress(
                email=invitation.email,
                name="",
                status=INVITED,
                since=invitation.created_at,
                invitation_id=invitation.pk,
                weeks=[
                    WeekFigure(number=w.number, done=0, total=w.total, open=w.open)
                    for w in (template.weeks if template else [])
                ],
                total=template.total if template else 0,
                open_lessons=template.open_lessons if template else 0,
            )
        )
    columns = team_progress_columns()
    _fill_columns(columns, members)
    members.sort(key=lambda m: (-m.behind, m.done, m.status != INVITED, m.email))
    free = max(team.seats_total - len(seats) - len(invitations), 0)
    return TeamProgress(team=team, members=members, seats_without_invitation=free, columns=columns)


def _fill_columns(columns: list[TeamProgressColumn], members: list[MemberProgress]) -> None:
    """Ask each registered column about every member who has an account, all at once."""
    asked = [
        MemberWeek(
            user_id=member.user_id,
            course_id=member.course_id,
            week_number=max((w.number for w in member.weeks if w.open), default=None),
        )
        for member in members
        if member.user_id is not None and member.course_id is not None
    ]
    answers = [column.cells(asked) if asked else {} for column in columns]
    for member in members:
        member.cells = [answer.get(member.user_id, EMPTY) for answer in answers]


CSV_HEADER = [
    "email",
    "name",
    "status",
    "since",
    "lessons_done",
    "lessons_total",
    "lessons_open",
    "lessons_behind",
    "done_last_7_days",
    "last_active",
    "certificate",
]


def _cell(text: str) -> str:
    """A name a member typed must not run as a spreadsheet formula (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def team_progress_csv(progress: TeamProgress) -> str:
    """The team page's table as CSV, one row per member, with one ``week_<n>`` column each
    (lessons done/lessons in the week), then the columns other apps registered."""
    weeks = progress.week_numbers
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        CSV_HEADER
        + [f"week_{number}" for number in weeks]
        + [column.key for column in progress.columns]
    )
    for member in progress.members:
        by_week = {week.number: week for week in member.weeks}
        writer.writerow(
            [
                _cell(member.email),
                _cell(member.name),
                member.status,
                member.since.isoformat(),
                member.done,
                member.total,
                member.open_lessons,
                member.behind,
                member.done_last_7_days,
                member.last_active.isoformat() if member.last_active else "",
                member.certificate_code,
            ]
            + [f"{by_week[n].done}/{by_week[n].total}" if n in by_week else "" for n in weeks]
            + [_cell(cell.value) for cell in member.cells]
        )
    return out.getvalue()
