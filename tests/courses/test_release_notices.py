"""The ledger: chunks over one connection, claims, failures and the email itself."""

import datetime as dt

import pytest

from django.core import mail
from django.utils import timezone

from courses import notices
from courses.models import NotificationMode, ReleaseNotice
from courses.services import week_release_create
from engine.outbox.models import MAX_SEND_ATTEMPTS, EmailState, OutboxEmail
from engine.outbox.sending import LEASE, DeliveryIncomplete, outbox_send
from tests.courses import mail_backends

from .release_helpers import release_school

pytestmark = pytest.mark.django_db


def release_week_one(school, capture):
    with capture(execute=True):
        release, _ = week_release_create(cohort=school.cohort, week_number=1)
    return release


@pytest.fixture
def counting_mail(settings):
    settings.EMAIL_BACKEND = "tests.courses.mail_backends.CountingBackend"
    mail_backends.OPENED.clear()
    return mail_backends.OPENED


def test_fan_out_sends_chunks_over_one_connection_each(
    monkeypatch, counting_mail, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(notices, "NOTICE_CHUNK_SIZE", 2)
    school = release_school(students=5)
    release_week_one(school, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 5
    assert len(counting_mail) == 3  # chunks of 2, 2 and 1
    assert ReleaseNotice.objects.filter(email__state=EmailState.SENT).count() == 5


def test_email_names_the_week_lists_lessons_and_links_preferences(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://school.example"
    school = release_school(students=1)
    release_week_one(school, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert "Week 1 is live: Week 1 theme" in message.subject
    for body in (message.body, html):
        assert "https://school.example/product-management/week-1/l-1-1/" in body
        assert "Lesson 1.2" in body
        assert "https://school.example/notifications/" in body
    link = next(
        line.split("https://school.example")[1]
        for line in message.body.splitlines()
        if "/notifications/" in line
    )
    assert client.get(link).status_code == 200  # signed-out
    client.post(link, {"mode": NotificationMode.WEEKLY_DIGEST})
    user = school.enrollments[0].user
    assert user.notification_preference.mode == NotificationMode.WEEKLY_DIGEST
    assert client.get("/notifications/not-a-token/").status_code == 404


def test_a_refused_recipient_is_retried_then_failed_visibly(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.courses.mail_backends.RefusingBackend"
    school = release_school(students=2)
    bouncing = school.enrollments[0].user
    bouncing.email = "bounce@example.com"
    bouncing.save()
    with django_capture_on_commit_callbacks(execute=False):
        release, _ = week_release_create(cohort=school.cohort, week_number=1)
    ids = notices.release_notices_create(release_id=release.pk)
    rounds = 0
    while True:  # what Celery's retries with backoff do, one call per retry
        rounds += 1
        try:
            outbox_send(ids=ids)
            break
        except DeliveryIncomplete:
            assert rounds < 20, "retries must end"
    assert rounds == MAX_SEND_ATTEMPTS
    failed = ReleaseNotice.objects.get(enrollment=school.enrollments[0]).email
    assert failed.state == EmailState.FAILED
    assert failed.attempts == MAX_SEND_ATTEMPTS
    assert "No such mailbox" in failed.last_error
    sent = ReleaseNotice.objects.get(enrollment=school.enrollments[1]).email
    assert sent.state == EmailState.SENT
    assert [m.to[0] for m in mail.outbox] == [school.enrollments[1].user.email]


def test_a_row_being_sent_is_not_sent_again_until_its_lease_expires(
    django_capture_on_commit_callbacks,
):
    school = release_school(students=1)
    with django_capture_on_commit_callbacks(execute=False):
        release, _ = week_release_create(cohort=school.cohort, week_number=1)
    (email_id,) = notices.release_notices_create(release_id=release.pk)
    claimed_at = timezone.now() - dt.timedelta(minutes=1)
    OutboxEmail.objects.filter(pk=email_id).update(
        state=EmailState.CLAIMED, lease_expires_at=claimed_at + LEASE
    )
    assert outbox_send(ids=[email_id], now=claimed_at + LEASE / 2).sent == 0
    assert mail.outbox == []
    later = claimed_at + LEASE + dt.timedelta(seconds=1)
    assert outbox_send(ids=[email_id], now=later).sent == 1
    assert outbox_send(ids=[email_id], now=later).sent == 0
    assert len(mail.outbox) == 1


def test_fan_out_run_twice_creates_each_row_once(django_capture_on_commit_callbacks):
    school = release_school(students=3)
    release = release_week_one(school, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        notices.release_notices_create(release_id=release.pk)
    assert ReleaseNotice.objects.count() == 3
    assert OutboxEmail.objects.count() == 3
    assert len(mail.outbox) == 3
