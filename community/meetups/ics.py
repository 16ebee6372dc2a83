"""The ``.ics`` invitation of one RSVP (RFC 5545, written with ``icalendar`` as the workshop
invitations are: ``payments/workshops/ics.py``). UTC times; ``UID`` stable per RSVP so a
second download updates the event instead of adding one. The venue is in it: only people
going can download it."""

from datetime import UTC, datetime

from icalendar import Calendar, Event

from django.conf import settings
from django.utils import timezone

from community.meetups.models import Rsvp

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def rsvp_ics(*, rsvp: Rsvp, url: str, now: datetime | None = None) -> str:
    meetup = rsvp.meetup
    domain = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "institute"
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.WAGTAIL_SITE_NAME}//Meetups//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meetup-rsvp-{rsvp.pk}@{domain}")
    event.add("dtstamp", (now or timezone.now()).astimezone(UTC))
    event.add("dtstart", meetup.starts_at.astimezone(UTC))
    event.add("dtend", meetup.ends_at.astimezone(UTC))
    event.add("summary", f"{meetup.title} ({meetup.chapter.city})")
    event.add("description", f"{meetup.description}\n\nYour RSVP: {url}".strip())
    event.add("location", " ".join(meetup.venue.split()))
    event.add("url", url)
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()
