"""The fan-out's plan does not depend on PostgreSQL's statistics.

A freshly loaded database has none: a correlated ``EXISTS`` per student was planned as a
loop of scans there (10 s for a class of 1,000, over 120 s for 10,000) and took 0.36 s for
100,000 once ``ANALYZE`` had run. Here a class of 10,000 is written and released at once,
with every statistic of the tables involved wiped (the state of tables autovacuum never
analyzed), then ``ANALYZE`` runs and the next week is released: the two must be of the same
order of time. A plan-shape check with a generous factor, not a speed assertion."""

import time

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection
from django.utils import timezone

from courses.models import (
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    NotificationMode,
    NotificationPreference,
    ReleaseNotice,
    WeekRelease,
)
from courses.notices import release_notices_create
from engine.outbox.models import OutboxEmail
from tests.conftest import requires_postgres
from tests.factories import CohortFactory

from .release_helpers import release_school

STUDENTS = 10_000
SAME_ORDER = 5  # generous: plan shape, not speed
FLOOR_SECONDS = 0.2  # below this, timing noise dominates the ratio


def tables() -> list[str]:
    models = (
        get_user_model(),
        Enrollment,
        NotificationPreference,
        ReleaseNotice,
        WeekRelease,
        OutboxEmail,
    )
    return [model._meta.db_table for model in models]


def forget_statistics() -> None:
    """What a table autovacuum never reached looks like to the planner: no column statistics
    and no row count (``reltuples = -1``). Rolled back with the test's transaction."""
    with connection.cursor() as cursor:
        for table in tables():
            cursor.execute("SELECT %s::regclass::oid", [table])
            (oid,) = cursor.fetchone()
            cursor.execute("DELETE FROM pg_statistic WHERE starelid = %s", [oid])
            cursor.execute("UPDATE pg_class SET reltuples = -1, relpages = 0 WHERE oid = %s", [oid])


def class_of(students: int, school):
    """A class of ``students``, written in bulk like a fresh import; a few opted out, a few on
    the digest, and ten who moved here from the school's first class."""
    User = get_user_model()
    start = school.cohort.start_date
    cohort = CohortFactory(course=school.course, name="Big class", start_date=start)
    users = User.objects.bulk_create(
        User(email=f"big-{i}@example.com", password=UNUSABLE_PASSWORD_PREFIX)
        for i in range(students)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(user=user, cohort=cohort, source=EnrollmentSource.STAFF) for user in users
    )
    modes = [NotificationMode.NONE] * 50 + [NotificationMode.WEEKLY_DIGEST] * 50
    NotificationPreference.objects.bulk_create(
        NotificationPreference(user=user, mode=mode)
        for user, mode in zip(users[:100], modes, strict=True)
    )
    for old, new in zip(school.enrollments, enrollments[-len(school.enrollments) :], strict=True):
        Enrollment.objects.filter(pk=old.pk).update(
            status=EnrollmentStatus.TRANSFERRED, transferred_to=new
        )
    return cohort


def fan_out(cohort, week_number: int, capture) -> tuple[float, list[int]]:
    release = WeekRelease.objects.create(
        cohort=cohort, week_number=week_number, released_at=timezone.now(), source="schedule"
    )
    with capture(execute=False):
        started = time.perf_counter()
        pending = release_notices_create(release_id=release.pk)
        return time.perf_counter() - started, pending


@requires_postgres
@pytest.mark.django_db
def test_the_fan_out_is_as_fast_without_statistics_as_after_analyze(
    django_capture_on_commit_callbacks,
):
    school = release_school(students=10)
    for number in (1, 2):  # the movers heard about weeks 1 and 2 in their first class
        fan_out(school.cohort, number, django_capture_on_commit_callbacks)
    cohort = class_of(STUDENTS, school)
    forget_statistics()

    fresh, fresh_pending = fan_out(cohort, 1, django_capture_on_commit_callbacks)
    with connection.cursor() as cursor:
        for table in tables():
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    analyzed, analyzed_pending = fan_out(cohort, 2, django_capture_on_commit_callbacks)

    told = STUDENTS - 100 - 10  # opted out, on the digest, heard it in their first class
    assert (len(fresh_pending), len(analyzed_pending)) == (told, told)
    assert (
        ReleaseNotice.objects.filter(week_release__cohort=cohort, skip_reason="transferred").count()
        == 20
    )
    assert fresh < SAME_ORDER * max(analyzed, FLOOR_SECONDS), (
        f"{fresh:.2f} s without statistics, {analyzed:.2f} s after ANALYZE"
    )
