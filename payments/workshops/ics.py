"""The ``.ics`` invitation attached to a workshop ticket's confirmation (``engine.ics`` writes
it); ``UID`` stable per ticket, so a resent invitation updates the event instead of adding a
second one."""

from datetime import datetime

from engine.ics import invitation_ics
from payments.models import Ticket


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
    return invitation_ics(
        product="Workshops",
        uid=f"workshop-ticket-{ticket.pk}",
        starts_at=workshop.starts_at,
        ends_at=workshop.ends_at,
        summary=workshop.title,
        description=description,
        location=location,
        url=url,
        now=now,
    )
