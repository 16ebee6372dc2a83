"""Rescheduling a class: unreleased weeks follow the new start date (cohort time zone, DST,
overrides), released weeks stay, and the release job then opens weeks on the new dates."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from courses.models import CohortChangeKind, CohortChangeLog, WeekRelease
from courses.releases import release_due_weeks
from courses.services import RescheduleRefused, cohort_reschedule, week_release_create
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import UserFactory, WeekScheduleOverrideFactory

from .release_helpers import release_school

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC


def at(year, month, day, hour, minute=0, tz=BERLIN):
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


def beat(when):
    """Run the release job at ``when``; the week numbers it released."""
    with time_machine.travel(when, tick=False):
        return sorted(release.week_number for release in release_due_weeks())


def released(cohort) -> dict[int, dt.datetime]:
    return dict(WeekRelease.objects.filter(cohort=cohort).values_list("week_number", "released_at"))


def test_moving_the_start_before_week_one_moves_every_week_and_the_beat_follows():
    school = release_school()  # starts Mon 2 March 2026, 9:00 Berlin
    staff = UserFactory(is_staff=True)
    with time_machine.travel(at(2026, 2, 20, 12), tick=False):
        log = cohort_reschedule(cohort=school.cohort, start_date=dt.date(2026, 3, 16), actor=staff)
    assert beat(at(2026, 3, 2, 9, 5)) == []  # the old date no longer opens anything
    assert beat(at(2026, 3, 16, 8, 59)) == []
    assert beat(at(2026, 3, 16, 9, 0)) == [1]
    assert beat(at(2026, 3, 23, 9, 0)) == [2]
    # Berlin moves to summer time on 29 March: week 3 opens at 9:00 local = 07:00 UTC.
    assert beat(dt.datetime(2026, 3, 30, 6, 59, tzinfo=UTC)) == []
    assert beat(dt.datetime(2026, 3, 30, 7, 0, tzinfo=UTC)) == [3]
    assert log.kind == CohortChangeKind.RESCHEDULE and log.actor == staff
    assert log.details["old_start_date"] == "2026-03-02"
    assert log.details["new_start_date"] == "2026-03-16"
    assert len(log.details["weeks_moved"]) == 10
    assert log.details["weeks_moved"][2]["new_due_at"] == "2026-03-30T07:00:00+00:00"


def test_mid_course_only_unreleased_weeks_move():
    school = release_school()
    assert beat(at(2026, 3, 9, 10)) == [1, 2]
    before = released(school.cohort)
    with time_machine.travel(at(2026, 3, 10, 12), tick=False):
        log = cohort_reschedule(cohort=school.cohort, start_date=dt.date(2026, 3, 3), actor=None)
    school.cohort.refresh_from_db()
    assert school.cohort.start_date == dt.date(2026, 3, 3)
    assert released(school.cohort) == before  # released weeks stay exactly as they were
    assert [week["week"] for week in log.details["weeks_moved"]] == list(range(3, 11))
    assert log.details["released_weeks_kept"] == [1, 2]
    assert beat(at(2026, 3, 16, 10)) == []  # week 3 used to open on Monday 16 March
    assert beat(at(2026, 3, 17, 9)) == [3]


def test_a_start_that_would_reopen_released_weeks_later_is_refused_naming_them():
    school = release_school()
    beat(at(2026, 3, 9, 10))
    with (
        time_machine.travel(at(2026, 3, 10, 12), tick=False),
        pytest.raises(RescheduleRefused) as refused,
    ):
        cohort_reschedule(cohort=school.cohort, start_date=dt.date(2026, 3, 16), actor=None)
    assert refused.value.message == (
        "Week 1 and week 2 are already released; starting on Mon 16 Mar 2026 would schedule "
        "them in the future. Choose a start date on or before Tue 3 Mar 2026."
    )
    with (
        time_machine.travel(at(2026, 3, 10, 12), tick=False),
        pytest.raises(RescheduleRefused, match=r"^Week 2 is already released; .* schedule it"),
    ):
        cohort_reschedule(cohort=school.cohort, start_date=dt.date(2026, 3, 9), actor=None)
    school.cohort.refresh_from_db()
    assert school.cohort.start_date == dt.date(2026, 3, 2)
    assert not CohortChangeLog.objects.exists()


def test_overrides_of_unreleased_weeks_move_by_the_same_days_at_the_same_local_time():
    school = release_school()
    beat(at(2026, 3, 2, 10))  # week 1 released
    week1 = WeekScheduleOverrideFactory(
        cohort=school.cohort, week_number=1, due_at=at(2026, 3, 2, 9)
    )
    week3 = WeekScheduleOverrideFactory(
        cohort=school.cohort, week_number=3, due_at=at(2026, 3, 17, 18)
    )
    with time_machine.travel(at(2026, 3, 3, 12), tick=False):
        cohort_reschedule(cohort=school.cohort, start_date=dt.date(2026, 3, 1), actor=None)
        cohort_reschedule(cohort=school.cohort, start_date=dt.date(2026, 3, 2), actor=None)
        cohort_reschedule(cohort=school.cohort, start_date=dt.date(2026, 3, 16), actor=None)
    # 18:00 CET on 17 March (17:00 UTC) becomes 18:00 CEST on 31 March (16:00 UTC).
    week3.refresh_from_db()
    assert week3.due_at == dt.datetime(2026, 3, 31, 16, tzinfo=UTC)
    week1.refresh_from_db()
    assert week1.due_at == at(2026, 3, 2, 9)  # a released week's override is history
    assert beat(at(2026, 3, 30, 10)) == [2]  # start 16 March: week 2 on 23 March
    assert beat(at(2026, 3, 31, 17, 59)) == []
    assert beat(at(2026, 3, 31, 18)) == [3]


def test_the_cohort_time_zone_decides_the_new_instants():
    school = release_school(tz="America/Los_Angeles")
    with time_machine.travel(dt.datetime(2026, 2, 1, tzinfo=UTC), tick=False):
        cohort_reschedule(cohort=school.cohort, start_date=dt.date(2026, 3, 9), actor=None)
    # US summer time starts 8 March: 9:00 in Los Angeles on 9 March is 16:00 UTC.
    assert beat(dt.datetime(2026, 3, 9, 15, 59, tzinfo=UTC)) == []
    assert beat(dt.datetime(2026, 3, 9, 16, 0, tzinfo=UTC)) == [1]


def test_the_same_date_changes_nothing_and_logs_nothing():
    school = release_school()
    with time_machine.travel(at(2026, 2, 1, 12), tick=False):
        assert (
            cohort_reschedule(cohort=school.cohort, start_date=school.cohort.start_date, actor=None)
            is None
        )
    assert not CohortChangeLog.objects.exists()


def test_enrollment_dates_still_to_come_move_with_the_start_at_the_same_local_time():
    school = release_school()  # starts Mon 2 March 2026
    cohort = school.cohort
    cohort.enrollment_opens_at = at(2026, 2, 10, 9)
    cohort.enrollment_closes_at = at(2026, 2, 28, 18)  # two days before the start, CET
    cohort.save()
    with time_machine.travel(at(2026, 2, 1, 12), tick=False):
        log = cohort_reschedule(cohort=cohort, start_date=dt.date(2026, 4, 13), actor=None)
    cohort.refresh_from_db()
    assert cohort.enrollment_opens_at == at(2026, 3, 24, 9)  # six weeks later, still CET
    # 18:00 on 11 April is summer time in Berlin (from 29 March): 16:00 UTC, not 17:00.
    assert cohort.enrollment_closes_at == dt.datetime(2026, 4, 11, 16, tzinfo=UTC)
    assert log.details["enrollment_moved"]["enrollment_closes_at"] == {
        "old": "2026-02-28T17:00:00+00:00",
        "new": "2026-04-11T16:00:00+00:00",
    }


def test_an_enrollment_date_that_has_passed_is_kept_and_a_close_never_moves_into_the_past():
    school = release_school()
    cohort = school.cohort
    cohort.enrollment_opens_at = at(2026, 2, 1, 9)
    cohort.enrollment_closes_at = at(2026, 2, 25, 9)
    cohort.save()
    now = at(2026, 2, 20, 12)
    with time_machine.travel(now, tick=False):
        earlier = cohort_reschedule(cohort=cohort, start_date=dt.date(2026, 2, 23), actor=None)
    cohort.refresh_from_db()
    assert cohort.enrollment_opens_at == at(2026, 2, 1, 9)  # the sale that opened stays open
    assert cohort.enrollment_closes_at == now  # 25 Feb - 7 days is past: it closes now
    assert list(earlier.details["enrollment_moved"]) == ["enrollment_closes_at"]
    assert not cohort.is_open_for_enrollment(now + dt.timedelta(seconds=1))


def test_an_enrollment_that_opens_this_instant_moves_and_still_opens_before_it_closes():
    school = release_school()
    cohort = school.cohort
    now = at(2026, 2, 20, 12)
    cohort.enrollment_opens_at = now
    cohort.enrollment_closes_at = at(2026, 2, 25, 9)
    cohort.save()
    with time_machine.travel(now, tick=False):
        cohort_reschedule(cohort=cohort, start_date=dt.date(2026, 2, 16), actor=None)
    cohort.refresh_from_db()
    assert cohort.enrollment_opens_at == at(2026, 2, 6, 12)
    assert cohort.enrollment_closes_at == now > cohort.enrollment_opens_at


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_reschedule_racing_the_release_job_never_leaves_a_released_week_in_the_future():
    school = release_school(students=0)
    now = at(2026, 3, 9, 10)
    week_release_create(cohort=school.cohort, week_number=1, source="schedule", now=now)

    def act(index):
        if index == 0:
            return cohort_reschedule(
                cohort=school.cohort, start_date=dt.date(2026, 3, 4), actor=None, now=now
            )
        return week_release_create(cohort=school.cohort, week_number=2, source="schedule", now=now)

    results = run_in_threads(act, 2)
    refused = [r for r in results if isinstance(r, RescheduleRefused)]
    errors = [
        r for r in results if isinstance(r, Exception) and not isinstance(r, RescheduleRefused)
    ]
    assert errors == []
    school.cohort.refresh_from_db()
    week2_released = WeekRelease.objects.filter(cohort=school.cohort, week_number=2).exists()
    if week2_released:  # the job won: the reschedule saw week 2 and refused
        assert len(refused) == 1 and school.cohort.start_date == dt.date(2026, 3, 2)
    else:  # the reschedule won: week 2 now opens on 11 March, so the job left it closed
        assert refused == [] and school.cohort.start_date == dt.date(2026, 3, 4)
        assert (None, False) in results


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_reschedules_are_applied_one_after_the_other_and_logged_as_a_chain():
    school = release_school(students=0)
    dates = [dt.date(2026, 4, 6), dt.date(2026, 5, 4)]
    now = at(2026, 2, 1, 12)
    results = run_in_threads(
        lambda i: cohort_reschedule(cohort=school.cohort, start_date=dates[i], actor=None, now=now),
        2,
    )
    assert not [r for r in results if isinstance(r, Exception)]
    first, second = CohortChangeLog.objects.order_by("pk")
    assert first.details["old_start_date"] == "2026-03-02"
    assert second.details["old_start_date"] == first.details["new_start_date"]
    school.cohort.refresh_from_db()
    assert school.cohort.start_date.isoformat() == second.details["new_start_date"]
