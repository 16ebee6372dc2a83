"""The weekly digest: students who chose it get one email listing the week's releases and no
email per release; students who chose none get nothing; a second run sends nothing again."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from django.core import mail

from courses.digests import digests_prepare
from courses.models import (
    DigestNotice,
    NotificationMode,
    NotificationPreference,
    ReleaseNotice,
)
from courses.services import week_release_create
from courses.tasks import send_weekly_digests
from engine.outbox.models import EmailState

from .release_helpers import release_school

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")
MONDAY = dt.datetime(2026, 3, 9, 7, 0, tzinfo=UTC)


@pytest.fixture
def school():
    school = release_school(students=3)
    _each, digest, none = school.enrollments
    NotificationPreference.objects.create(user=digest.user, mode=NotificationMode.WEEKLY_DIGEST)
    NotificationPreference.objects.create(user=none.user, mode=NotificationMode.NONE)
    return school


def release(school, number, capture):
    with capture(execute=True):
        week_release_create(cohort=school.cohort, week_number=number)


def send_digests(capture, now=MONDAY):
    with capture(execute=True):
        digests_prepare(now=now)


def inbox_of(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def test_digest_lists_the_weeks_released_since_the_last_one_and_replaces_release_emails(
    school, django_capture_on_commit_callbacks
):
    each, digest, none = (enrollment.user for enrollment in school.enrollments)
    release(school, 1, django_capture_on_commit_callbacks)
    release(school, 2, django_capture_on_commit_callbacks)
    assert [m.subject for m in inbox_of(each)] == [
        "[Institute] Week 1 is live: Week 1 theme",
        "[Institute] Week 2 is live: Week 2 theme",
    ]
    assert inbox_of(digest) == []  # nothing per release

    send_digests(django_capture_on_commit_callbacks)

    (message,) = inbox_of(digest)
    assert message.subject == "[Institute] Your weekly digest: 2 new week(s)"
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "Week 1: Week 1 theme" in body
        assert "Week 2: Week 2 theme" in body
        assert "Lesson 2.1" in body
        assert "/notifications/" in body  # the preferences link
    assert inbox_of(none) == []
    assert len(inbox_of(each)) == 2  # the per-release students get no digest
    assert DigestNotice.objects.get(user=digest).email.state == EmailState.SENT
    covered = ReleaseNotice.objects.filter(enrollment__user=digest)
    assert set(covered.values_list("digest__user", flat=True)) == {digest.pk}


def test_a_second_run_the_same_week_sends_nothing_again(school, django_capture_on_commit_callbacks):
    release(school, 1, django_capture_on_commit_callbacks)
    send_digests(django_capture_on_commit_callbacks)
    mail.outbox.clear()
    send_digests(django_capture_on_commit_callbacks)
    send_digests(django_capture_on_commit_callbacks, now=MONDAY + dt.timedelta(hours=3))
    assert mail.outbox == []
    assert DigestNotice.objects.count() == 1


def test_next_weeks_digest_lists_only_the_new_week(school, django_capture_on_commit_callbacks):
    digest = school.enrollments[1].user
    release(school, 1, django_capture_on_commit_callbacks)
    send_digests(django_capture_on_commit_callbacks)
    release(school, 2, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    send_digests(django_capture_on_commit_callbacks, now=MONDAY + dt.timedelta(days=7))
    (message,) = inbox_of(digest)
    assert "Week 2: Week 2 theme" in message.body
    assert "Week 1: Week 1 theme" not in message.body
    assert mail.outbox == [message]


def test_a_week_without_releases_sends_no_digest(school, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests.delay().result == 0
    assert mail.outbox == []
    assert not DigestNotice.objects.exists()
