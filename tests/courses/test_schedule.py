"""Week N opens at start + 7(N-1) days, at the cohort's local hour, across DST changes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from django.core.exceptions import ValidationError

from courses.models import Cohort
from courses.schedule import cohort_schedule, cohort_week_due_at, week_due_at

UTC = dt.UTC


def test_local_hour_is_kept_across_spring_forward_in_new_york():
    # DST starts in New York on Sunday 8 March 2026: 9:00 local moves from 14:00 to 13:00 UTC.
    args = {"start_date": dt.date(2026, 3, 2), "tz_name": "America/New_York", "release_hour": 9}
    week1 = week_due_at(week_number=1, **args)
    week2 = week_due_at(week_number=2, **args)
    assert week1 == dt.datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    assert week2 == dt.datetime(2026, 3, 9, 13, 0, tzinfo=UTC)
    assert week2 - week1 == dt.timedelta(days=7) - dt.timedelta(hours=1)
    local = [w.astimezone(ZoneInfo("America/New_York")) for w in (week1, week2)]
    assert [(d.hour, d.minute) for d in local] == [(9, 0), (9, 0)]


def test_local_hour_is_kept_across_fall_back_in_berlin():
    # Berlin leaves summer time on Sunday 25 October 2026.
    args = {"start_date": dt.date(2026, 10, 19), "tz_name": "Europe/Berlin", "release_hour": 18}
    assert week_due_at(week_number=1, **args) == dt.datetime(2026, 10, 19, 16, tzinfo=UTC)
    assert week_due_at(week_number=2, **args) == dt.datetime(2026, 10, 26, 17, tzinfo=UTC)


def test_an_hour_inside_the_spring_forward_gap_opens_one_hour_later_local():
    # 02:00 on 8 March 2026 does not exist in New York; it resolves to 03:00 EDT.
    due = week_due_at(
        start_date=dt.date(2026, 3, 8), tz_name="America/New_York", release_hour=2, week_number=1
    )
    assert due == dt.datetime(2026, 3, 8, 7, tzinfo=UTC)
    assert due.astimezone(ZoneInfo("America/New_York")).hour == 3


def test_ten_weeks_each_seven_days_apart_in_local_time():
    cohort = Cohort(start_date=dt.date(2026, 1, 5), timezone="Asia/Tokyo", release_hour=8)
    rows = cohort_schedule(cohort)
    assert [row.number for row in rows] == list(range(1, 11))
    local_days = [row.due_at.astimezone(ZoneInfo("Asia/Tokyo")).date() for row in rows]
    assert local_days == [dt.date(2026, 1, 5) + dt.timedelta(weeks=n) for n in range(10)]


def test_a_staff_override_replaces_one_week():
    cohort = Cohort(start_date=dt.date(2026, 1, 5), timezone="UTC", release_hour=9)
    moved = dt.datetime(2026, 1, 14, 12, tzinfo=UTC)
    assert cohort_week_due_at(cohort, 2, {2: moved}) == moved
    assert cohort_week_due_at(cohort, 3, {2: moved}) == dt.datetime(2026, 1, 19, 9, tzinfo=UTC)
    rows = cohort_schedule(cohort, overrides={2: moved}, releases={1: moved})
    assert rows[1].overridden and not rows[0].overridden
    assert rows[0].is_released and not rows[1].is_released


@pytest.mark.parametrize("week", [0, 11])
def test_weeks_outside_the_course_are_refused(week):
    with pytest.raises(ValueError, match="week_number"):
        week_due_at(start_date=dt.date(2026, 1, 5), tz_name="UTC", release_hour=9, week_number=week)


@pytest.mark.parametrize("name", ["PST", "Mars/Olympus", "utc+2", ""])
def test_timezone_must_be_an_iana_name(name):
    from courses.models.cohorts import validate_timezone

    with pytest.raises(ValidationError, match="IANA"):
        validate_timezone(name)


def test_iana_names_are_accepted():
    from courses.models.cohorts import validate_timezone

    validate_timezone("Europe/Berlin")
    validate_timezone("America/New_York")
