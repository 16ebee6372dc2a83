"""The ``.ics`` invitation of one coaching booking (RFC 5545, ``icalendar``, as meetups do:
``community/meetups/ics.py``). UTC times; ``UID`` stable per booking."""

from datetime import UTC, datetime

from icalendar import Calendar, Event

from django.conf import settings
from django.utils import timezone

from coaching.slots.models import CoachingBooking

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def booking_ics(*, booking: CoachingBooking, url: str, now: datetime | None = None) -> str:
    slot = booking.slot
    domain = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "institute"
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.WAGTAIL_SITE_NAME}//Coaching//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"coaching-booking-{booking.pk}@{domain}")
    event.add("dtstamp", (now or timezone.now()).astimezone(UTC))
    event.add("dtstart", slot.starts_at.astimezone(UTC))
    event.add("dtend", slot.ends_at.astimezone(UTC))
    event.add("summary", f"1:1 coaching with {slot.coach.name}")
    description = f"Topic: {booking.topic}\n\n" if booking.topic else ""
    event.add("description", f"{description}Your booking: {url}")
    event.add("url", url)
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()
