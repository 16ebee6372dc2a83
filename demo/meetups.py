"""The demo community: a New York chapter, organised by the demo admin, with an upcoming
meetup (20 places) ten days after the demo is loaded, at 18:30 New York time. Idempotent
like every demo step (``demo/school.py``): found by city and by title."""

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.utils import timezone

from community.meetups.models import Chapter, Meetup

Report = Callable[[str], None]

DEMO_MEETUP_TITLE = "Product people in New York: demo night"


def seed_meetups(report: Report) -> None:
    chapter, created = Chapter.objects.get_or_create(
        city="New York", defaults={"slug": "new-york", "time_zone": "America/New_York"}
    )
    report(f"{'created' if created else 'kept'} the {chapter.city} chapter")
    organiser = get_user_model().objects.filter(email="admin@institute.test").first()
    if organiser is not None:
        chapter.organisers.add(organiser)
    day = timezone.localdate(timezone.now(), chapter.tz) + dt.timedelta(days=10)
    starts = dt.datetime.combine(day, dt.time(18, 30), tzinfo=chapter.tz)
    meetup, created = Meetup.objects.get_or_create(
        chapter=chapter,
        title=DEMO_MEETUP_TITLE,
        defaults={
            "description": "Graduates and students show what they shipped this quarter, "
            "five minutes each, then drinks.",
            "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=2, minutes=30),
            "venue": "The Back Room\n102 Norfolk St\nNew York, NY 10002",
            "capacity": 20,
        },
    )
    report(f"{'created' if created else 'kept'} the meetup {meetup.title!r}")
