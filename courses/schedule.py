"""When each week of a cohort is due: start date + 7(N-1) days at the cohort's local hour.

The hour is wall-clock time in the cohort's IANA time zone, so "9:00 in New York" stays
9:00 across a daylight-saving change while its UTC instant moves by an hour
(https://docs.python.org/3/library/zoneinfo.html). A staff override for one week replaces
the computed instant. Pure functions: callers pass what they loaded.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from courses.models import WEEKS_PER_COURSE


def week_due_at(*, start_date: date, tz_name: str, release_hour: int, week_number: int) -> datetime:
    """The UTC instant week ``week_number`` opens for a class starting on ``start_date``.

    A local hour that does not exist on that day (inside a spring-forward gap) resolves to
    the same instant one hour later in local time, as PEP 495 defines with ``fold=0``.
    """
    if not 1 <= week_number <= WEEKS_PER_COURSE:
        raise ValueError(f"week_number must be 1..{WEEKS_PER_COURSE}, got {week_number}")
    local_day = start_date + timedelta(days=7 * (week_number - 1))
    local = datetime.combine(local_day, time(hour=release_hour), tzinfo=ZoneInfo(tz_name))
    return local.astimezone(UTC)


def cohort_week_due_at(cohort, week_number: int, overrides: Mapping[int, datetime] | None = None):
    """The due instant of one week of ``cohort``, honouring a staff override."""
    if overrides and week_number in overrides:
        return overrides[week_number]
    return week_due_at(
        start_date=cohort.start_date,
        tz_name=cohort.timezone,
        release_hour=cohort.release_hour,
        week_number=week_number,
    )


@dataclass(frozen=True)
class WeekSchedule:
    """One row of a cohort's calendar as a student sees it."""

    number: int
    due_at: datetime
    released_at: datetime | None
    overridden: bool

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


def cohort_schedule(
    cohort,
    *,
    overrides: Mapping[int, datetime] | None = None,
    releases: Mapping[int, datetime] | None = None,
    weeks: int = WEEKS_PER_COURSE,
) -> list[WeekSchedule]:
    overrides = overrides or {}
    releases = releases or {}
    return [
        WeekSchedule(
            number=number,
            due_at=cohort_week_due_at(cohort, number, overrides),
            released_at=releases.get(number),
            overridden=number in overrides,
        )
        for number in range(1, weeks + 1)
    ]
