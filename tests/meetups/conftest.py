"""Fixtures of the meetup tests: the New York chapter, a meetup, and students of a class."""

from datetime import timedelta

import pytest

from django.utils import timezone

from community.meetups.models import Chapter, Meetup
from tests.factories import CohortFactory, EnrollmentFactory, VerifiedUserFactory


def student(**kwargs):
    """A signed-up person with an active place in a class (so they may RSVP)."""
    user = VerifiedUserFactory(**kwargs)
    EnrollmentFactory(user=user, cohort=CohortFactory())
    return user


def new_york() -> Chapter:
    return Chapter.objects.get_or_create(
        city="New York", defaults={"slug": "new-york", "time_zone": "America/New_York"}
    )[0]


def make_meetup(*, capacity: int = 20, days: int = 7, **kwargs) -> Meetup:
    starts = timezone.now() + timedelta(days=days)
    fields = {
        "chapter": new_york(),
        "title": "Product people in New York",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "venue": "The Back Room, 102 Norfolk St",
        "capacity": capacity,
        **kwargs,
    }
    return Meetup.objects.create(**fields)


@pytest.fixture
def meetup(db):
    return make_meetup()
