"""RSVP, waitlist, cancellation and the venue, through the services and the pages."""

import pytest

from django.urls import reverse

from community.meetups.models import Rsvp, RsvpStatus
from community.meetups.services import MeetupError, rsvp_cancel, rsvp_create
from engine.capacity.models import WaitlistEntry, WaitlistStatus
from tests.factories import VerifiedUserFactory

from .conftest import make_meetup, student

pytestmark = pytest.mark.django_db


def going(meetup):
    return set(
        Rsvp.objects.filter(meetup=meetup, status=RsvpStatus.GOING).values_list(
            "user__email", flat=True
        )
    )


def test_a_full_meetup_puts_people_on_its_waitlist_in_order():
    meetup = make_meetup(capacity=1)
    first, second, third = student(), student(), student()
    assert rsvp_create(meetup=meetup, user=first).going
    outcome = rsvp_create(meetup=meetup, user=second)
    assert not outcome.going and outcome.ahead == 0
    assert rsvp_create(meetup=meetup, user=third).ahead == 1
    # Asking again changes nothing.
    assert rsvp_create(meetup=meetup, user=first).rsvp.pk == Rsvp.objects.get(user=first).pk
    assert rsvp_create(meetup=meetup, user=second).waitlist_entry == outcome.waitlist_entry
    assert going(meetup) == {first.email}


def test_a_cancellation_gives_the_place_to_the_first_in_line(
    django_capture_on_commit_callbacks, mailoutbox
):
    meetup = make_meetup(capacity=1)
    first, second, third = student(), student(), student()
    rsvp_create(meetup=meetup, user=first)
    rsvp_create(meetup=meetup, user=second)
    rsvp_create(meetup=meetup, user=third)
    with django_capture_on_commit_callbacks(execute=True):
        assert rsvp_cancel(meetup=meetup, user=first)
    assert going(meetup) == {second.email}
    entries = WaitlistEntry.objects.filter(kind="meetup", target_id=meetup.pk)
    assert entries.get(email=second.email).status == WaitlistStatus.CONVERTED
    assert entries.get(email=third.email).status == WaitlistStatus.WAITING
    promoted = [m for m in mailoutbox if "A place freed up" in m.subject]
    assert [m.to for m in promoted] == [[second.email]]
    assert promoted[0].attachments[0][0] == "meetup.ics"
    assert "102 Norfolk St" in promoted[0].body
    # Cancelling again is a no-op; no second offer is made.
    with django_capture_on_commit_callbacks(execute=True):
        assert not rsvp_cancel(meetup=meetup, user=first)
    assert going(meetup) == {second.email}


def test_leaving_the_waitlist_keeps_the_others_in_order(django_capture_on_commit_callbacks):
    meetup = make_meetup(capacity=1)
    first, second, third = student(), student(), student()
    for person in (first, second, third):
        rsvp_create(meetup=meetup, user=person)
    rsvp_cancel(meetup=meetup, user=second)
    with django_capture_on_commit_callbacks(execute=True):
        rsvp_cancel(meetup=meetup, user=first)
    assert going(meetup) == {third.email}


def test_only_students_and_graduates_may_rsvp():
    meetup = make_meetup()
    with pytest.raises(MeetupError, match="students and graduates"):
        rsvp_create(meetup=meetup, user=VerifiedUserFactory())
    assert not Rsvp.objects.exists()


def test_a_started_meetup_takes_no_rsvp():
    meetup = make_meetup(days=-1)
    with pytest.raises(MeetupError, match="already started"):
        rsvp_create(meetup=meetup, user=student())


def test_the_venue_is_hidden_from_people_without_an_rsvp(client):
    meetup = make_meetup()
    url = reverse("meetups:meetup_detail", args=[meetup.pk])
    assert "Norfolk" not in client.get(url).content.decode()  # anonymous
    person = student()
    client.force_login(person)
    page = client.get(url).content.decode()
    assert "Norfolk" not in page and "shown to people who RSVP" in page
    assert client.get(reverse("meetups:meetup_ics", args=[meetup.pk])).status_code == 404
    response = client.post(reverse("meetups:rsvp", args=[meetup.pk]), follow=True)
    assert "102 Norfolk St" in response.content.decode()
    ics = client.get(reverse("meetups:meetup_ics", args=[meetup.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"LOCATION:The Back Room\\, 102 Norfolk St" in ics.content
    client.post(reverse("meetups:rsvp_cancel", args=[meetup.pk]))
    assert "Norfolk" not in client.get(url).content.decode()


def test_the_waitlist_does_not_see_the_venue(client):
    meetup = make_meetup(capacity=1)
    rsvp_create(meetup=meetup, user=student())
    waiting = student()
    client.force_login(waiting)
    response = client.post(reverse("meetups:rsvp", args=[meetup.pk]), follow=True)
    page = response.content.decode()
    assert "on the waitlist" in page and "Norfolk" not in page


def test_someone_not_a_student_is_told_why(client):
    meetup = make_meetup()
    client.force_login(VerifiedUserFactory())
    response = client.post(reverse("meetups:rsvp", args=[meetup.pk]))
    assert response.status_code == 400
    assert "students and graduates" in response.content.decode()
