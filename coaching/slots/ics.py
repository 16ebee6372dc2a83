"""The ``.ics`` invitation of one coaching booking (``engine.ics`` writes it); ``UID`` stable
per booking."""

from datetime import datetime

from coaching.slots.models import CoachingBooking
from engine.ics import invitation_ics


def booking_ics(*, booking: CoachingBooking, url: str, now: datetime | None = None) -> str:
    slot = booking.slot
    topic = f"Topic: {booking.topic}\n\n" if booking.topic else ""
    return invitation_ics(
        product="Coaching",
        uid=f"coaching-booking-{booking.pk}",
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=f"1:1 coaching with {slot.coach.name}",
        description=f"{topic}Your booking: {url}",
        url=url,
        now=now,
    )
