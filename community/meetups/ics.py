"""The ``.ics`` invitation of one RSVP (``engine.ics`` writes it); ``UID`` stable per RSVP so
a second download updates the event instead of adding one. The venue is in it: only people
going can download it."""

from datetime import datetime

from community.meetups.models import Rsvp
from engine.ics import invitation_ics


def rsvp_ics(*, rsvp: Rsvp, url: str, now: datetime | None = None) -> str:
    meetup = rsvp.meetup
    return invitation_ics(
        product="Meetups",
        uid=f"meetup-rsvp-{rsvp.pk}",
        starts_at=meetup.starts_at,
        ends_at=meetup.ends_at,
        summary=f"{meetup.title} ({meetup.chapter.city})",
        description=f"{meetup.description}\n\nYour RSVP: {url}".strip(),
        location=" ".join(meetup.venue.split()),
        url=url,
        now=now,
    )
