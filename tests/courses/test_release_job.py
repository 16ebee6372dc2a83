"""The release job: due weeks are released once and announced once per student."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from django.core import mail
from django.utils import timezone

from courses.models import (
    NotificationMode,
    NotificationPreference,
    ReleaseNotice,
    ReleaseSource,
    SkipReason,
    WeekRelease,
)
from courses.releases import release_due_weeks, weeks_due
from courses.tasks import release_due_weeks as release_due_weeks_task
from engine.outbox.models import EmailState
from tests.factories import WeekScheduleOverrideFactory

from .release_helpers import release_school

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def at(year, month, day, hour, minute=0, tz=BERLIN):
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


def test_nothing_is_due_before_the_local_release_hour():
    school = release_school()
    assert weeks_due(now=at(2026, 3, 2, 8, 59)) == []
    assert weeks_due(now=at(2026, 3, 2, 9, 0)) == [(school.cohort, 1)]


def test_week_after_the_dst_change_opens_at_nine_local_time():
    # Berlin moves to summer time on 29 March 2026: week 5 (30 March) opens at 07:00 UTC.
    school = release_school()
    for number in range(1, 5):
        WeekRelease.objects.create(
            cohort=school.cohort,
            week_number=number,
            released_at=timezone.now(),
            source=ReleaseSource.SCHEDULE,
        )
    assert weeks_due(now=dt.datetime(2026, 3, 30, 6, 59, tzinfo=dt.UTC)) == []
    assert weeks_due(now=dt.datetime(2026, 3, 30, 7, 0, tzinfo=dt.UTC)) == [(school.cohort, 5)]


def test_cohort_timezone_decides_the_instant():
    school = release_school(tz="America/Los_Angeles")
    # 9:00 in Los Angeles on 2 March 2026 is 17:00 UTC.
    assert weeks_due(now=dt.datetime(2026, 3, 2, 16, 59, tzinfo=dt.UTC)) == []
    assert weeks_due(now=dt.datetime(2026, 3, 2, 17, 0, tzinfo=dt.UTC)) == [(school.cohort, 1)]


def test_override_moves_a_week_earlier():
    school = release_school()
    WeekScheduleOverrideFactory(cohort=school.cohort, week_number=2, due_at=at(2026, 3, 4, 12))
    assert (school.cohort, 2) not in weeks_due(now=at(2026, 3, 4, 11))
    assert (school.cohort, 2) in weeks_due(now=at(2026, 3, 4, 12))


def test_override_moves_a_week_later():
    school = release_school()
    WeekScheduleOverrideFactory(cohort=school.cohort, week_number=1, due_at=at(2026, 3, 3, 18))
    assert weeks_due(now=at(2026, 3, 2, 10)) == []
    assert weeks_due(now=at(2026, 3, 3, 18)) == [(school.cohort, 1)]


def test_a_late_beat_releases_every_missed_week_once():
    school = release_school()
    with time_machine.travel(at(2026, 3, 16, 10), tick=False):
        created = release_due_weeks()
    assert sorted(r.week_number for r in created) == [1, 2, 3]
    assert set(WeekRelease.objects.values_list("source", flat=True)) == {"schedule"}
    assert school.cohort.releases.count() == 3


def test_two_beats_release_once_and_email_each_student_once(django_capture_on_commit_callbacks):
    school = release_school(students=4)
    with time_machine.travel(at(2026, 3, 2, 9, 5), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            release_due_weeks_task.delay()
        with django_capture_on_commit_callbacks(execute=True):
            release_due_weeks_task.delay()
    assert WeekRelease.objects.filter(cohort=school.cohort).count() == 1
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(e.user.email for e in school.enrollments)
    assert set(ReleaseNotice.objects.values_list("email__state", flat=True)) == {EmailState.SENT}


def test_released_week_is_not_announced_before_commit(django_capture_on_commit_callbacks):
    release_school()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        release_due_weeks(now=at(2026, 3, 2, 9, 5))
    assert callbacks  # the fan-out waits for the commit
    assert mail.outbox == []
    assert ReleaseNotice.objects.count() == 0


def test_preferences_decide_email_digest_or_nothing(django_capture_on_commit_callbacks):
    school = release_school(students=3)
    each, digest, none = school.enrollments
    NotificationPreference.objects.create(user=digest.user, mode=NotificationMode.WEEKLY_DIGEST)
    NotificationPreference.objects.create(user=none.user, mode=NotificationMode.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        release_due_weeks(now=at(2026, 3, 2, 9, 5))
    assert [m.to for m in mail.outbox] == [[each.user.email]]
    reasons = dict(ReleaseNotice.objects.values_list("enrollment_id", "skip_reason"))
    assert reasons == {each.pk: "", digest.pk: SkipReason.DIGEST, none.pk: SkipReason.OPTED_OUT}


def test_refunded_students_are_not_announced(django_capture_on_commit_callbacks):
    school = release_school(students=2)
    gone = school.enrollments[0]
    gone.status = "refunded"
    gone.save()
    with django_capture_on_commit_callbacks(execute=True):
        release_due_weeks(now=at(2026, 3, 2, 9, 5))
    assert [m.to[0] for m in mail.outbox] == [school.enrollments[1].user.email]
