"""The reminder the day before and the announcement to people who opted in, via the outbox."""

from datetime import timedelta

import pytest

from django.utils import timezone

from community.meetups.emails import announcement_send, reminders_send
from community.meetups.models import MemberProfile
from community.meetups.services import rsvp_cancel, rsvp_create

from .conftest import make_meetup, student

pytestmark = pytest.mark.django_db


def test_the_reminder_goes_the_day_before_once_to_people_still_going(mailoutbox):
    soon = make_meetup(days=2)
    later = make_meetup(days=9)
    ada, bob = student(), student()
    for meetup in (soon, later):
        rsvp_create(meetup=meetup, user=ada)
        rsvp_create(meetup=meetup, user=bob)
    rsvp_cancel(meetup=soon, user=bob)
    mailoutbox.clear()
    assert reminders_send() == 0  # two days ahead: not yet
    a_day_before = soon.starts_at - timedelta(hours=23)
    assert reminders_send(now=a_day_before) == 1
    assert reminders_send(now=a_day_before + timedelta(minutes=5)) == 0
    assert [m.to for m in mailoutbox] == [[ada.email]]
    message = mailoutbox[0]
    assert message.subject.endswith(f"Tomorrow: {soon.title}, {soon.local_starts_at:%H:%M}")
    assert "102 Norfolk St" in message.body
    assert message.alternatives and "102 Norfolk St" in message.alternatives[0][0]


def test_the_announcement_goes_to_people_who_opted_in_in_that_city(mailoutbox):
    meetup = make_meetup()
    yes, other_city, no = student(), student(), student()
    MemberProfile.objects.create(user=yes, city="new york", meetup_emails=True)
    MemberProfile.objects.create(user=other_city, city="Boston", meetup_emails=True)
    MemberProfile.objects.create(user=no, city="New York", meetup_emails=False)
    assert announcement_send(meetup_id=meetup.pk) == 1
    assert announcement_send(meetup_id=meetup.pk) == 0
    assert [m.to for m in mailoutbox] == [[yes.email]]
    assert "Norfolk" not in mailoutbox[0].body
    assert timezone.now() < meetup.starts_at
