"""The reminder an hour before: once per person, to RSVPs or to the whole class."""

import datetime as dt

import pytest

from django.utils import timezone

from coaching.sessions.models import LiveSession
from coaching.sessions.reminders import live_session_reminders_send
from coaching.sessions.services import rsvp_create
from engine.outbox.models import OutboxEmail
from tests.factories import EnrollmentFactory

from .conftest import make_session

pytestmark = pytest.mark.django_db


def _recipients() -> list[str]:
    return sorted(e.recipients[0] for e in OutboxEmail.objects.filter(kind="live_session_reminder"))


def test_without_rsvp_every_active_student_of_the_class_is_reminded_once(coaching):
    school = coaching.school
    classmate = EnrollmentFactory(cohort=school.current).user
    session = make_session(school.current, starts_in=dt.timedelta(hours=3))
    now = timezone.now()

    assert live_session_reminders_send(now=now) == []  # three hours ahead: too early
    first = live_session_reminders_send(now=now + dt.timedelta(hours=2, minutes=5))
    again = live_session_reminders_send(now=now + dt.timedelta(hours=2, minutes=10))
    # Even with the session's own mark wiped (a crash before it was written), the outbox
    # key keeps it to one email per person.
    LiveSession.objects.filter(pk=session.pk).update(reminders_sent_at=None)
    third = live_session_reminders_send(now=now + dt.timedelta(hours=2, minutes=20))

    assert len(first) == 2 and again == [] and third == []
    assert _recipients() == sorted([school.users["enrolled"].email, classmate.email])
    email = OutboxEmail.objects.filter(kind="live_session_reminder").first()
    assert session.title in email.subject
    assert f"/live-sessions/{session.pk}/" in email.text_body and "<a href=" in email.html_body
    local = session.starts_at.astimezone(school.current.tz)
    assert f"{local:%H:%M} (America/New_York)" in email.text_body
    assert "secret-room" not in email.text_body  # the link is on the page, for the class


def test_with_rsvp_only_those_going_are_reminded(coaching):
    school = coaching.school
    EnrollmentFactory(cohort=school.current)  # says nothing, hears nothing
    session = make_session(school.current, starts_in=dt.timedelta(minutes=50), rsvp_required=True)
    rsvp_create(session=session, user=school.users["enrolled"])

    created = live_session_reminders_send()

    assert len(created) == 1
    assert _recipients() == [school.users["enrolled"].email]


def test_a_session_that_started_is_not_reminded(coaching):
    make_session(coaching.school.current, starts_in=dt.timedelta(minutes=-1))
    assert live_session_reminders_send() == []


def test_beat_runs_the_reminder_task_every_five_minutes(coaching):
    from django.conf import settings

    from coaching.sessions import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["live-sessions-reminders"]
    assert entry["task"] == "live_sessions.reminders_send"
    assert entry["task"] in tasks.reminders_send.app.tasks
    make_session(coaching.school.current, starts_in=dt.timedelta(minutes=30))
    assert tasks.reminders_send.apply().get() == 1
