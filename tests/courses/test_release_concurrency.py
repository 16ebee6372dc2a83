"""Two beats at once on PostgreSQL: one release, one email per student."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from django.core import mail

from courses.models import ReleaseNotice, WeekRelease
from courses.notices import release_notices_create
from courses.releases import release_due_weeks
from engine.outbox.models import EmailState, OutboxEmail
from engine.outbox.sending import outbox_send
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres

from .release_helpers import release_school

NOW = dt.datetime(2026, 3, 2, 9, 5, tzinfo=ZoneInfo("Europe/Berlin"))


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_beats_release_once_and_email_once():
    school = release_school(students=6)
    results = run_in_threads(lambda i: release_due_weeks(now=NOW), 4)
    assert not [r for r in results if isinstance(r, Exception)]
    assert WeekRelease.objects.filter(cohort=school.cohort).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.user.email for e in school.enrollments)


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_chunk_run_twice_at_once_sends_each_email_once(settings):
    school = release_school(students=8)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    release = WeekRelease.objects.create(
        cohort=school.cohort, week_number=1, released_at=NOW, source="schedule"
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the chunk is run below by three threads
    ids = release_notices_create(release_id=release.pk)
    run_in_threads(lambda i: outbox_send(ids=ids), 3)
    assert len(mail.outbox) == 8
    assert set(OutboxEmail.objects.values_list("state", flat=True)) == {EmailState.SENT}
    assert ReleaseNotice.objects.filter(email__state=EmailState.SENT).count() == 8
