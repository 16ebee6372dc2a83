"""The ``.ics`` invitation attached to a workshop ticket's confirmation (RFC 5545), written
with ``icalendar`` (https://icalendar.readthedocs.io/), which escapes text and folds long
lines as the RFC asks.

Times are UTC (``...Z``), which every calendar shows in its owner's time zone. ``UID`` is
stable per ticket, so a resent invitation updates the event instead of adding a second one.
https://www.rfc-editor.org/rfc/rfc5545
"""

from datetime import UTC, datetime

from icalendar import Calendar, Event

from django.conf import settings
from django.utils import timezone

from payments.models import Ticket

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def workshop_ticket_ics(*, ticket: Ticket, url: str, now: datetime | None = None) -> str:
    """The invitation for one ticket: the workshop's time, and where it happens (the ticket
    holder may see the venue and the link)."""
    workshop = ticket.workshop
    location = ", ".join(
        part for part in (" ".join(workshop.venue.split()), workshop.online_url) if part
    )
    description = f"{workshop.summary}\n\nYour ticket: {url}"
    if workshop.online_url:
        description += f"\nJoin online: {workshop.online_url}"
    domain = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "institute"
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.WAGTAIL_SITE_NAME}//Workshops//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"workshop-ticket-{ticket.pk}@{domain}")
    event.add("dtstamp", (now or timezone.now()).astimezone(UTC))
    event.add("dtstart", workshop.starts_at.astimezone(UTC))
    event.add("dtend", workshop.ends_at.astimezone(UTC))
    event.add("summary", workshop.title)
    event.add("description", description)
    event.add("location", location)
    event.add("url", url)
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()
