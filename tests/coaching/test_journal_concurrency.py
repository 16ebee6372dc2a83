"""Two tabs submitting the same week at once, and reminder runs at once (PostgreSQL)."""

import datetime as dt

import pytest

from django.utils import timezone

from coaching.due import journal_due_at
from coaching.models import JournalEntry, JournalIteration
from coaching.reminders import journal_reminders_send
from coaching.services import JournalError, journal_submit
from engine.outbox.models import OutboxEmail
from tests.coaching.conftest import KATA
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import CohortFactory, EnrollmentFactory, WeekReleaseFactory

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def _class_with_students(count: int):
    cohort = CohortFactory(start_date=timezone.now().date() - dt.timedelta(days=3))
    WeekReleaseFactory(cohort=cohort, week_number=1)
    return cohort, [EnrollmentFactory(cohort=cohort) for _ in range(count)]


def test_submitting_one_week_from_four_tabs_at_once_gives_one_iteration():
    _, (enrollment,) = _class_with_students(1)
    results = run_in_threads(
        lambda i: journal_submit(enrollment=enrollment, week_number=1, values=KATA), 4
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 3 and all(isinstance(e, JournalError) for e in errors), errors
    assert JournalEntry.objects.count() == 1
    assert list(JournalIteration.objects.values_list("number", flat=True)) == [1]


def test_reminder_runs_at_once_write_one_email_per_student():
    cohort, _ = _class_with_students(5)
    now = journal_due_at(cohort=cohort, week_number=1) - dt.timedelta(hours=2)
    results = run_in_threads(lambda i: journal_reminders_send(now=now), 3)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert OutboxEmail.objects.filter(kind="journal_reminder").count() == 5
    assert sum(len(r) for r in results) == 5
