"""The release path does no per-student query: releasing a week to 100 students costs the
same queries as releasing it to 10, the ledger included (one ``INSERT ... SELECT`` per table,
run by the database); sending a chunk costs a constant plus one ``sent`` mark per 25 emails
(``engine.outbox.sending``), not one per email."""

import datetime as dt
import math

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import notices
from courses.models import ReleaseNotice
from courses.services import week_release_create
from engine.outbox.models import OutboxEmail
from engine.outbox.sending import FLUSH_EVERY, outbox_send
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


def release_queries(cohort, capture) -> tuple[int, list[int]]:
    """Queries of the release DB phase (the release row, then the ledger), checking that each
    ledger table is written by exactly one ``INSERT ... SELECT``."""
    with capture(execute=False), CaptureQueriesContext(connection) as queries:
        release, _ = week_release_create(cohort=cohort, week_number=1)
        pending = notices.release_notices_create(release_id=release.pk)
    for model in (ReleaseNotice, OutboxEmail):
        table = model._meta.db_table
        inserts = [
            q["sql"]
            for q in queries
            if q["sql"].lstrip().startswith("INSERT") and table in q["sql"].split("SELECT")[0]
        ]
        assert len(inserts) == 1, inserts
        assert "SELECT" in inserts[0] and "ON CONFLICT" in inserts[0]
    return len(queries), pending


def send_queries(email_ids: list[int]) -> int:
    with CaptureQueriesContext(connection) as queries:
        result = outbox_send(ids=email_ids)
    assert result.sent == len(email_ids)
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


def test_sending_a_chunk_marks_sent_once_per_25_emails_not_once_per_email(
    django_capture_on_commit_callbacks,
):
    school = release_school(students=0)
    small, large = cohort_with(school, 10), cohort_with(school, 100)
    _, small_ids = release_queries(small, django_capture_on_commit_callbacks)
    _, large_ids = release_queries(large, django_capture_on_commit_callbacks)
    send_queries(release_queries(cohort_with(school, 1), django_capture_on_commit_callbacks)[1])
    small_count, large_count = send_queries(small_ids), send_queries(large_ids)
    # 100 emails are 4 marks of 25, 10 emails one mark: 3 more marks, each one transaction of
    # a sent UPDATE and a lease renewal (savepoint, 2 UPDATEs, release).
    marks = math.ceil(100 / FLUSH_EVERY) - math.ceil(10 / FLUSH_EVERY)
    assert large_count - small_count <= 4 * marks, (small_count, large_count)
