"""Never more RSVPs than places: real threads on PostgreSQL row locks, each through the real
RSVP service (the capacity engine and its waitlist)."""

import pytest

from community.meetups.capacity import meetup_places_left
from community.meetups.models import Rsvp, RsvpStatus
from community.meetups.services import rsvp_create
from engine.capacity.models import WaitlistEntry, WaitlistStatus
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres

from .conftest import make_meetup, student

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def test_thirty_concurrent_rsvps_for_twenty_places_give_twenty_and_a_waitlist_of_ten():
    meetup = make_meetup(capacity=20)
    people = [student() for _ in range(30)]

    results = run_in_threads(lambda i: rsvp_create(meetup=meetup, user=people[i]), 30)

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    assert sum(r.going for r in results) == 20
    assert Rsvp.objects.filter(meetup=meetup, status=RsvpStatus.GOING).count() == 20
    entries = WaitlistEntry.objects.filter(kind="meetup", target_id=meetup.pk)
    assert entries.filter(status=WaitlistStatus.WAITING).count() == 10
    assert sorted(entries.values_list("position", flat=True)) == list(range(1, 11))
    going = set(Rsvp.objects.filter(meetup=meetup).values_list("user__email", flat=True))
    waiting = set(entries.values_list("email", flat=True))
    assert going.isdisjoint(waiting) and len(going | waiting) == 30
    assert meetup_places_left(meetup=meetup) == 0
