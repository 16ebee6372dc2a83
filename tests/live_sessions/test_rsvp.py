"""RSVPs through the capacity engine: the capacity holds, the waitlist takes the rest, a freed
place goes to the first in line."""

import datetime as dt

import pytest

from django.urls import reverse

from coaching.sessions.models import RsvpStatus, SessionRsvp
from coaching.sessions.services import LiveSessionError, rsvp_cancel, rsvp_create
from engine.capacity.models import WaitlistEntry, WaitlistStatus
from tests.factories import EnrollmentFactory

from .conftest import make_session

pytestmark = pytest.mark.django_db


def test_a_full_session_puts_the_next_student_on_the_waitlist(coaching):
    school = coaching.school
    session = make_session(
        school.current, starts_in=dt.timedelta(days=2), rsvp_required=True, capacity=1
    )
    first = rsvp_create(session=session, user=school.users["enrolled"])
    second_user = EnrollmentFactory(cohort=school.current).user
    second = rsvp_create(session=session, user=second_user)

    assert first.going and not second.going
    assert SessionRsvp.objects.filter(session=session, status=RsvpStatus.GOING).count() == 1
    entry = WaitlistEntry.objects.get(kind="live_session", target_id=session.pk)
    assert entry.email == second_user.email.lower()


def test_a_freed_place_goes_to_the_first_in_line(coaching, django_capture_on_commit_callbacks):
    school = coaching.school
    session = make_session(
        school.current, starts_in=dt.timedelta(days=2), rsvp_required=True, capacity=1
    )
    rsvp_create(session=session, user=school.users["enrolled"])
    waiting = EnrollmentFactory(cohort=school.current).user
    rsvp_create(session=session, user=waiting)

    with django_capture_on_commit_callbacks(execute=True):
        assert rsvp_cancel(session=session, user=school.users["enrolled"])

    going = SessionRsvp.objects.filter(session=session, status=RsvpStatus.GOING)
    assert list(going.values_list("user", flat=True)) == [waiting.pk]
    entry = WaitlistEntry.objects.get(kind="live_session", target_id=session.pk)
    assert entry.status == WaitlistStatus.CONVERTED


def test_students_of_other_classes_cannot_rsvp(coaching):
    session = make_session(
        coaching.school.current, starts_in=dt.timedelta(days=2), rsvp_required=True
    )
    with pytest.raises(LiveSessionError, match="students of its class"):
        rsvp_create(session=session, user=coaching.school.users["other_cohort"])
    assert not SessionRsvp.objects.exists()


def test_the_rsvp_button_on_the_page(client, coaching):
    session = make_session(
        coaching.school.current, starts_in=dt.timedelta(days=2), rsvp_required=True, capacity=3
    )
    client.force_login(coaching.school.users["enrolled"])
    url = reverse("live_sessions:rsvp", args=[session.pk])
    page = client.post(url, follow=True).content.decode()
    assert "You&#x27;re going" in page or "You're going" in page
    assert "1 of 3 taken" in page
    client.post(url, {"cancel": "1"})
    assert not SessionRsvp.objects.filter(status=RsvpStatus.GOING).exists()
