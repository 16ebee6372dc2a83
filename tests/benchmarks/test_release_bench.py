"""The release benchmark at a tiny size, so it cannot rot: it builds its classes, measures
every phase, checks the query counts and prints its table."""

import io

import pytest

from django.contrib.auth import get_user_model

from benchmarks import release_bench
from courses.models import ReleaseNotice, WeekRelease
from engine.outbox.models import EmailState

# The baseline sends bare emails (no outbox) on purpose, to a real SMTP sink.
pytestmark = [pytest.mark.django_db, pytest.mark.outside_outbox]


def test_the_release_benchmark_runs_small_and_reports_every_phase():
    out = io.StringIO()
    report = release_bench.run(enrollments=60, emails=25, out=out)

    assert report.release_db.count == 60
    # The baseline writes the same ledger rows: one outbox row and one notice per student.
    assert report.bare_bulk_create.count == 2 * 60
    assert report.chunk_task.count == report.bare_email.count == 25
    assert report.db_ratio > 0 and report.email_ratio > 0
    small, medium, full = report.query_checks
    assert (small.students, medium.students, full.students) == (10, 20, 60)
    assert small.other_queries == medium.other_queries == full.other_queries
    sent = ReleaseNotice.objects.filter(email__state=EmailState.SENT)
    assert sent.count() == 25 + report.warm_up_emails  # through the real ledger
    table = out.getvalue()
    assert report.resend_window == 25
    for line in (
        "release DB phase",
        "bare bulk_create (120 ledger rows)",
        "outbox task",
        "x the rate",
    ):
        assert line in table


def test_a_second_run_reuses_the_classes_and_releases_afresh():
    release_bench.run(enrollments=30, emails=5, out=io.StringIO())
    students = get_user_model().objects.count()
    report = release_bench.run(enrollments=30, emails=5, out=io.StringIO())
    assert report.release_db.count == 30
    assert get_user_model().objects.count() == students
    assert WeekRelease.objects.filter(cohort__slug__startswith="release-bench").count() == 3
