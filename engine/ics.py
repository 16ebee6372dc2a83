"""One event's ``.ics`` invitation (RFC 5545, https://www.rfc-editor.org/rfc/rfc5545), written
with ``icalendar``, which escapes text and folds long lines as the RFC asks. Workshop tickets,
meetup RSVPs and coaching bookings each describe their event; this writes it.

Times are UTC (``...Z``), which every calendar shows in its owner's time zone. The caller
gives a ``UID`` stable per ticket, RSVP or booking, so a second download or a resent
invitation updates the event instead of adding one.
"""

from datetime import UTC, datetime

from icalendar import Calendar, Event

from django.conf import settings
from django.utils import timezone

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def uid_domain() -> str:
    """The host of ``SITE_URL`` (``school.example.com``), the right-hand side of every UID."""
    return settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "institute"


def invitation_ics(
    *,
    product: str,
    uid: str,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    description: str,
    url: str,
    location: str = "",
    now: datetime | None = None,
) -> str:
    """A PUBLISH calendar of one confirmed event; ``uid`` is ``<kind>-<id>`` (the domain is
    added), ``product`` names what wrote it (``Workshops``, ``Meetups``, ...)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.WAGTAIL_SITE_NAME}//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{uid}@{uid_domain()}")
    event.add("dtstamp", (now or timezone.now()).astimezone(UTC))
    event.add("dtstart", starts_at.astimezone(UTC))
    event.add("dtend", ends_at.astimezone(UTC))
    event.add("summary", summary)
    event.add("description", description)
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()
