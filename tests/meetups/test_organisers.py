"""The attendee list and check-in are for the chapter's organisers only."""

import pytest

from django.urls import reverse

from community.meetups.models import Rsvp
from community.meetups.services import MeetupError, rsvp_check_in, rsvp_create

from .conftest import make_meetup, student

pytestmark = pytest.mark.django_db


def test_an_organiser_sees_the_attendees_and_checks_one_in(client):
    meetup = make_meetup()
    ada, bob = student(first_name="Ada", last_name="Lovelace"), student()
    rsvp_create(meetup=meetup, user=ada)
    rsvp_create(meetup=meetup, user=bob)
    organiser = student()
    meetup.chapter.organisers.add(organiser)
    client.force_login(organiser)
    page = client.get(reverse("meetups:attendees", args=[meetup.pk])).content.decode()
    assert "Ada Lovelace" in page and bob.email in page and "0 checked in" in page
    rsvp = Rsvp.objects.get(user=ada)
    client.post(reverse("meetups:check_in", args=[meetup.pk, rsvp.pk]))
    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is not None
    page = client.get(reverse("meetups:attendees", args=[meetup.pk])).content.decode()
    assert "1 checked in" in page
    # The organiser sees the venue without an RSVP.
    detail = client.get(reverse("meetups:meetup_detail", args=[meetup.pk])).content.decode()
    assert "Norfolk" in detail


def test_attendees_and_check_in_are_refused_to_others(client):
    meetup = make_meetup()
    attendee = student()
    rsvp_create(meetup=meetup, user=attendee)
    rsvp = Rsvp.objects.get()
    client.force_login(attendee)
    assert client.get(reverse("meetups:attendees", args=[meetup.pk])).status_code == 404
    assert client.post(reverse("meetups:check_in", args=[meetup.pk, rsvp.pk])).status_code == 404
    with pytest.raises(MeetupError, match="organisers"):
        rsvp_check_in(rsvp=rsvp, by=attendee)
    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is None
