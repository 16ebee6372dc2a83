"""The demo has a New York chapter with an upcoming meetup the demo student may RSVP to."""

from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone

from cms.models import User
from community.meetups.models import Meetup
from community.meetups.selectors import may_attend

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_upcoming_new_york_meetup():
    call_command("seed_demo", stdout=StringIO())
    meetup = Meetup.objects.get(chapter__city="New York")
    assert meetup.starts_at > timezone.now()
    assert meetup.local_starts_at.strftime("%H:%M") == "18:30"
    assert meetup.chapter.organisers.filter(email="admin@institute.test").exists()
    student = User.objects.get(email="student@institute.test")
    assert may_attend(user=student, chapter=meetup.chapter)
