"""What moving a cohort's start date would do: the plan the admin previews and the service applies.

Week dates are derived from the start date (``courses.schedule``), so moving the start moves
every week that is not released yet; a staff override of an unreleased week moves with it by
the same number of days, at the same local time. A released week is a fact students have
already used, so a new start date that would schedule a released week in the future is
refused, naming the weeks and the latest start date that keeps them in the past.

The enrollment window moves with the start too: an opening or closing instant still to come
moves by the same number of days at the same local time, so "enrollment closes two days
before the start" stays true. One that has passed is kept: a sale that opened stays open,
one that closed stays closed. A closing instant never moves into the past (it becomes now).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.formats import date_format

from courses.models import WEEKS_PER_COURSE, Cohort
from courses.schedule import cohort_week_due_at, week_due_at
from courses.selectors.week_dates import cohort_week_dates


class RescheduleRefused(Exception):
    """The new start date would move weeks already released; nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PlannedWeek:
    number: int
    old_due_at: datetime
    new_due_at: datetime
    released_at: datetime | None
    overridden: bool

    @property
    def is_released(self) -> bool:
        return self.released_at is not None

    @property
    def moves(self) -> bool:
        return not self.is_released and self.new_due_at != self.old_due_at


@dataclass(frozen=True)
class ReschedulePlan:
    cohort: Cohort
    old_start: date
    new_start: date
    weeks: list[PlannedWeek]
    override_moves: dict[int, datetime]  # week number -> new due instant of its override
    window_moves: dict[str, tuple[datetime, datetime]]  # enrollment field -> (old, new)
    blocked: list[PlannedWeek]  # released weeks the new start would put in the future
    latest_start: date | None  # the latest start date that keeps released weeks in the past

    @property
    def changes_anything(self) -> bool:
        return self.new_start != self.old_start

    @property
    def window_changes(self) -> dict[str, datetime]:
        """The enrollment fields to save: ``{field: new instant}``."""
        return {field: new for field, (_, new) in self.window_moves.items()}

    @property
    def window_rows(self) -> list[tuple[str, datetime, datetime]]:
        """``(label, old, new)`` for each enrollment instant that moves, for the preview."""
        return [(ENROLLMENT_WINDOW[field], *move) for field, move in self.window_moves.items()]

    @property
    def refusal_message(self) -> str:
        if not self.blocked:
            return ""
        names = _join([f"week {week.number}" for week in self.blocked])
        message = (
            f"{names.capitalize()} {'is' if len(self.blocked) == 1 else 'are'} already released; "
            f"starting on {_day(self.new_start)} would schedule "
            f"{'it' if len(self.blocked) == 1 else 'them'} in the future."
        )
        if self.latest_start is not None:
            message += f" Choose a start date on or before {_day(self.latest_start)}."
        return message


def cohort_reschedule_plan(
    *,
    cohort: Cohort,
    start_date: date,
    now: datetime,
    releases: Mapping[int, datetime] | None = None,
    overrides: Mapping[int, datetime] | None = None,
) -> ReschedulePlan:
    """The weeks of ``cohort`` before and after moving its start to ``start_date`` (2 queries
    unless ``releases`` and ``overrides`` are passed)."""
    if releases is None or overrides is None:
        dates = cohort_week_dates(cohort_ids=[cohort.pk])
        releases = dates.released(cohort.pk) if releases is None else releases
        overrides = dates.overridden(cohort.pk) if overrides is None else overrides
    shift_days = (start_date - cohort.start_date).days
    override_moves = {
        number: shift_local(due_at, days=shift_days, tz_name=cohort.timezone)
        for number, due_at in overrides.items()
        if number not in releases and shift_days
    }
    window_moves = enrollment_window_moves(cohort=cohort, days=shift_days, now=now)
    moved = Cohort(
        start_date=start_date, timezone=cohort.timezone, release_hour=cohort.release_hour
    )
    new_overrides = {**overrides, **override_moves}
    weeks = [
        PlannedWeek(
            number=number,
            old_due_at=cohort_week_due_at(cohort, number, overrides),
            new_due_at=cohort_week_due_at(moved, number, new_overrides),
            released_at=releases.get(number),
            overridden=number in overrides,
        )
        for number in range(1, WEEKS_PER_COURSE + 1)
    ]
    blocked = [week for week in weeks if week.is_released and week.new_due_at > now]
    regular_released = [w.number for w in weeks if w.is_released and not w.overridden]
    latest = (
        latest_start_keeping_released(cohort=cohort, week_number=max(regular_released), now=now)
        if regular_released
        else None
    )
    return ReschedulePlan(
        cohort=cohort,
        old_start=cohort.start_date,
        new_start=start_date,
        weeks=weeks,
        override_moves=override_moves,
        window_moves=window_moves,
        blocked=blocked,
        latest_start=latest,
    )


ENROLLMENT_WINDOW = {
    "enrollment_opens_at": "Enrollment opens",
    "enrollment_closes_at": "Enrollment closes",
}


def enrollment_window_moves(
    *, cohort: Cohort, days: int, now: datetime
) -> dict[str, tuple[datetime, datetime]]:
    """The enrollment instants still to come, moved by ``days``: ``{field: (old, new)}``."""
    moves = {}
    for field in ENROLLMENT_WINDOW:
        old = getattr(cohort, field)
        # "Passed" is strictly before now: a kept opening is then always before a moved
        # closing (which is never before now), as the cohort's check constraint requires.
        if old is None or old < now or not days:
            continue
        new = shift_local(old, days=days, tz_name=cohort.timezone)
        if field == "enrollment_closes_at":
            new = max(new, now)
        moves[field] = (old, new)
    return moves


def latest_start_keeping_released(*, cohort: Cohort, week_number: int, now: datetime) -> date:
    """The latest start date at which week ``week_number`` is due at or before ``now``."""
    local_today = now.astimezone(cohort.tz).date()
    candidate = local_today - timedelta(days=7 * (week_number - 1))
    while (
        week_due_at(
            start_date=candidate,
            tz_name=cohort.timezone,
            release_hour=cohort.release_hour,
            week_number=week_number,
        )
        > now
    ):
        candidate -= timedelta(days=1)
    return candidate


def shift_local(instant: datetime, *, days: int, tz_name: str) -> datetime:
    """``instant`` moved by ``days`` calendar days at the same wall-clock time in ``tz_name``
    (DST safe: 9:00 stays 9:00 local across a change)."""
    zone = ZoneInfo(tz_name)
    local = instant.astimezone(zone).replace(tzinfo=None) + timedelta(days=days)
    return local.replace(tzinfo=zone).astimezone(UTC)


def _day(value: date) -> str:
    return date_format(value, "D j M Y")


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
