"""Never more RSVPs than places: real threads on PostgreSQL row locks, each through the real
RSVP service (the capacity engine and its waitlist)."""

import datetime as dt

import pytest

from coaching.sessions.models import RsvpStatus, SessionRsvp
from coaching.sessions.services import rsvp_create
from engine.capacity.models import WaitlistEntry
from engine.capacity.services import places_left
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import CohortFactory, EnrollmentFactory

from .conftest import make_session

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_students_racing_for_eight_places_give_eight_rsvps_and_twelve_waiting():
    cohort = CohortFactory()
    students = [EnrollmentFactory(cohort=cohort).user for _ in range(20)]
    session = make_session(cohort, starts_in=dt.timedelta(days=1), rsvp_required=True, capacity=8)

    results = run_in_threads(lambda i: rsvp_create(session=session, user=students[i]), 20)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(r.going for r in results) == 8
    assert SessionRsvp.objects.filter(session=session, status=RsvpStatus.GOING).count() == 8
    waiting = WaitlistEntry.objects.filter(kind="live_session", target_id=session.pk)
    assert waiting.count() == 12
    assert sorted(waiting.values_list("position", flat=True)) == list(range(1, 13))
    assert places_left(target=session) == 0


def test_one_student_clicking_twice_at_once_gets_one_rsvp():
    cohort = CohortFactory()
    student = EnrollmentFactory(cohort=cohort).user
    session = make_session(cohort, starts_in=dt.timedelta(days=1), rsvp_required=True, capacity=5)

    results = run_in_threads(lambda i: rsvp_create(session=session, user=student), 4)

    assert SessionRsvp.objects.filter(session=session).count() == 1
    assert not WaitlistEntry.objects.filter(kind="live_session").exists()
    assert [r for r in results if isinstance(r, Exception)] == []
    assert all(r.going for r in results)
