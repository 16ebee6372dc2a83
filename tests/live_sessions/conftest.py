"""The coaching school (a current class with a student and a coach, a next class with its own
student and coach) plus helpers to schedule live sessions."""

import datetime as dt

from django.utils import timezone

from coaching.sessions.models import LiveSession
from tests.coaching.conftest import Coaching, coaching  # noqa: F401 (the fixture)
from tests.courses.conftest import school  # noqa: F401 (the fixture)


def make_session(cohort, *, starts_in: dt.timedelta, minutes: int = 60, **kwargs) -> LiveSession:
    starts_at = (timezone.now() + starts_in).replace(microsecond=0)
    defaults = {
        "title": "Office hours with Carla",
        "join_url": "https://meet.example.com/secret-room",
    }
    defaults.update(kwargs)
    return LiveSession.objects.create(
        cohort=cohort,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=minutes),
        **defaults,
    )
