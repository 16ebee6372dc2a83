"""An SMTP server that refuses one student's address: that email is retried with backoff, then
ends ``failed`` with the server's answer (visible in the admin), the others are sent once, and
nothing loops. Talks to a real SMTP server (aiosmtpd) over Django's SMTP backend."""

from collections import Counter

import pytest
from celery.signals import task_retry

from django.contrib.auth import get_user_model

from cms.celery import NETWORK_TASK_OPTIONS
from cms.celery import app as celery_app
from courses.models import ReleaseNotice
from courses.services import week_release_create
from engine.outbox.models import MAX_SEND_ATTEMPTS, EmailState
from tests.smtp_sink import smtp_sink

from .release_helpers import release_school

pytestmark = pytest.mark.django_db

BOUNCE = "bounce@example.com"


@pytest.fixture
def sink(settings):
    with smtp_sink(refuse={BOUNCE}) as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield sink


@pytest.fixture(autouse=True)
def eager_retries():
    """Eager tasks run Celery's retries in-process only when errors do not propagate (they are
    recorded on the ledger instead): what a worker does, minus the waiting."""
    previous = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = previous


@pytest.fixture
def retry_countdowns():
    """The countdown Celery chose for each retry (its ``task_retry`` signal): the backoff."""
    countdowns: list[float] = []

    def record(sender=None, reason=None, **kwargs):
        if sender.name == "outbox.send":
            countdowns.append(reason.when)

    task_retry.connect(record, weak=False)
    yield countdowns
    task_retry.disconnect(record)


def test_a_refused_address_is_retried_with_backoff_then_failed_and_the_others_sent_once(
    sink, retry_countdowns, django_capture_on_commit_callbacks
):
    school = release_school(students=3)
    bouncing = school.enrollments[0]
    bouncing.user.email = BOUNCE
    bouncing.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        week_release_create(cohort=school.cohort, week_number=1)

    # Each attempt reached the server; after the last one nobody tries again.
    assert sink.refused == Counter({BOUNCE: MAX_SEND_ATTEMPTS})
    others = Counter({e.user.email: 1 for e in school.enrollments[1:]})
    assert sink.per_recipient() == others
    failed = ReleaseNotice.objects.get(enrollment=bouncing).email
    assert failed.state == EmailState.FAILED
    assert failed.attempts == MAX_SEND_ATTEMPTS
    assert "550" in failed.last_error and "No such mailbox" in failed.last_error
    assert failed.claim_token is None
    others = ReleaseNotice.objects.exclude(enrollment=bouncing)
    assert set(others.values_list("email__state", flat=True)) == {EmailState.SENT}
    # Celery retried the chunk with exponential backoff (full jitter: 0..5 s, 0..10 s, ...).
    assert len(retry_countdowns) == MAX_SEND_ATTEMPTS - 1
    factor = NETWORK_TASK_OPTIONS["retry_backoff"]
    for retry, countdown in enumerate(retry_countdowns):
        assert 0 <= countdown <= factor * 2**retry


def test_a_server_that_recovers_delivers_the_retried_email_once(
    sink, django_capture_on_commit_callbacks
):
    school = release_school(students=2)
    bouncing = school.enrollments[0]
    bouncing.user.email = BOUNCE
    bouncing.user.save()
    sink.refuse_reply = "451 4.3.0 Mailbox busy, try later"
    sink.refuse_limit = 2  # the server recovers at the third attempt
    with django_capture_on_commit_callbacks(execute=True):
        week_release_create(cohort=school.cohort, week_number=1)

    assert sink.refused[BOUNCE] == 2
    assert sink.per_recipient() == Counter({e.user.email: 1 for e in school.enrollments})
    notice = ReleaseNotice.objects.get(enrollment=bouncing).email
    assert notice.state == EmailState.SENT
    assert notice.attempts == 2
    assert notice.last_error == ""


def test_the_failed_row_is_listed_in_the_operators_admin(
    sink, client, django_capture_on_commit_callbacks
):
    school = release_school(students=2)
    bouncing = school.enrollments[0]
    bouncing.user.email = BOUNCE
    bouncing.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        week_release_create(cohort=school.cohort, week_number=1)

    admin = get_user_model().objects.create_superuser(
        email="ops@example.com", password="operate-the-school"
    )
    client.force_login(admin)
    response = client.get("/django-admin/outbox/outboxemail/", {"state__exact": "failed"})
    assert response.status_code == 200
    page = response.content.decode()
    assert BOUNCE in page
    assert "No such mailbox" in page
    assert school.enrollments[1].user.email not in page  # sent rows are not in the failed list
    # The course ledger lists it too, by the state of its email.
    response = client.get("/django-admin/courses/releasenotice/", {"email__state__exact": "failed"})
    assert response.status_code == 200
    assert BOUNCE in response.content.decode()
