"""The release path does no per-student query: releasing a week to 100 students costs the
same queries as releasing it to 10 (apart from the ledger's INSERT batches, whose size the
database backend sets: 99 rows on SQLite, 2,000 on PostgreSQL); sending a chunk costs a
constant plus the one ``sent`` UPDATE per email that exactly-once needs (``courses.notices``)."""

import datetime as dt
import math

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import releases
from courses.models import ReleaseNotice
from courses.services import week_release_create
from tests.factories import CohortFactory, EnrollmentFactory

from .release_helpers import release_school

pytestmark = pytest.mark.django_db


def cohort_with(school, students: int):
    cohort = CohortFactory(
        course=school.course, name=f"Class of {students}", start_date=dt.date(2026, 3, 2)
    )
    for _ in range(students):
        EnrollmentFactory(cohort=cohort)
    return cohort


def ledger_batch_size() -> int:
    """Rows per INSERT of ``release_notices_create``'s ``bulk_create`` on this backend."""
    fields = [f for f in ReleaseNotice._meta.concrete_fields if not f.primary_key]
    most = releases.LEDGER_BATCH_SIZE
    return min(most, max(connection.ops.bulk_batch_size(fields, [None] * most), 1))


def release_queries(cohort, capture) -> tuple[int, list[int]]:
    """Queries of the release DB phase (the release row, then the ledger rows in bulk), not
    counting the ledger's INSERT batches, which are checked against the backend's batch size."""
    with capture(execute=False), CaptureQueriesContext(connection) as queries:
        release, _ = week_release_create(cohort=cohort, week_number=1)
        pending = releases.release_notices_create(release_id=release.pk)
    inserts = [q for q in queries if q["sql"].startswith("INSERT") and "releasenotice" in q["sql"]]
    assert len(inserts) == math.ceil(len(pending) / ledger_batch_size())
    return len(queries) - len(inserts), pending


def send_queries(notice_ids: list[int]) -> int:
    with CaptureQueriesContext(connection) as queries:
        result = releases.release_notices_send(notice_ids=notice_ids)
    assert result.sent == len(notice_ids)
    return len(queries)


def test_releasing_to_100_students_costs_the_queries_of_releasing_to_10(
    django_capture_on_commit_callbacks,
):
    school = release_school(students=0)
    release_queries(cohort_with(school, 1), django_capture_on_commit_callbacks)  # warm caches
    small, large = cohort_with(school, 10), cohort_with(school, 100)
    small_count, small_ids = release_queries(small, django_capture_on_commit_callbacks)
    large_count, large_ids = release_queries(large, django_capture_on_commit_callbacks)
    assert (len(small_ids), len(large_ids)) == (10, 100)
    assert ReleaseNotice.objects.filter(week_release__cohort__in=[small, large]).count() == 110
    assert large_count == small_count, f"{small_count} queries for 10, {large_count} for 100"


def test_sending_a_chunk_adds_only_the_sent_mark_per_email(django_capture_on_commit_callbacks):
    school = release_school(students=0)
    small, large = cohort_with(school, 10), cohort_with(school, 100)
    _, small_ids = release_queries(small, django_capture_on_commit_callbacks)
    _, large_ids = release_queries(large, django_capture_on_commit_callbacks)
    send_queries(release_queries(cohort_with(school, 1), django_capture_on_commit_callbacks)[1])
    small_count, large_count = send_queries(small_ids), send_queries(large_ids)
    assert large_count - small_count == 90, (small_count, large_count)
