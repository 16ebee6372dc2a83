"""The ``.ics`` invitation attached to a workshop ticket's confirmation (RFC 5545).

Written by hand (a dozen lines of a well-known format) so production needs no calendar
library; the tests parse it with ``icalendar``. Times are UTC (``...Z``), which every calendar
shows in its owner's time zone; text is escaped and long lines folded at 75 octets as the RFC
asks. ``UID`` is stable per ticket, so a resent invitation updates the event instead of adding
a second one. https://www.rfc-editor.org/rfc/rfc5545
"""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

from payments.models import Ticket

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, continued with CRLF + space."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


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
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{_escape(settings.WAGTAIL_SITE_NAME)}//Workshops//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:workshop-ticket-{ticket.pk}@{domain}",
        f"DTSTAMP:{_utc(now or timezone.now())}",
        f"DTSTART:{_utc(workshop.starts_at)}",
        f"DTEND:{_utc(workshop.ends_at)}",
        f"SUMMARY:{_escape(workshop.title)}",
        f"DESCRIPTION:{_escape(description)}",
        f"LOCATION:{_escape(location)}",
        f"URL:{url}",
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
