"""Emails about 1:1 coaching, each an outbox row once per ``(kind, reference)``: the
confirmation with the ``.ics`` and the reminder the day before (sent once: keyed by the
booking, and the booking remembers it). Text and HTML parts from
``coaching_slots/email/<kind>.{txt,html}``."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coaching.slots.ics import booking_ics
from coaching.slots.models import BookingStatus, CoachingBooking
from coaching.slots.selectors import booking_time_zone
from engine.ics import ICS_CONTENT_TYPE
from engine.outbox.services import outbox_email_enqueue, outbox_email_send_now

REMINDER_AHEAD = timedelta(hours=24)


def _enqueue(*, kind: str, reference: str, booking: CoachingBooking, subject: str, attachments=()):
    url = settings.SITE_URL + reverse("coaching_slots:sessions")
    context = {
        "booking": booking,
        "slot": booking.slot,
        "time_zone": booking_time_zone(booking),
        "sessions_url": url,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    return outbox_email_enqueue(
        kind=kind,
        key=f"{kind}:{reference}",
        to=[booking.user.email],
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        text=render_to_string(f"coaching_slots/email/{kind}.txt", context),
        html=render_to_string(f"coaching_slots/email/{kind}.html", context),
        attachments=attachments,
    )


def _booking(booking_id: int) -> CoachingBooking:
    return CoachingBooking.objects.select_related(
        "slot__coach", "user", "credit__enrollment__cohort"
    ).get(pk=booking_id)


def booking_confirmation_send(*, booking_id: int, now: datetime | None = None) -> bool:
    booking = _booking(booking_id)
    if booking.status != BookingStatus.BOOKED:
        return False
    url = settings.SITE_URL + reverse("coaching_slots:sessions")
    row, _ = _enqueue(
        kind="coaching_booked",
        reference=f"booking:{booking.pk}",
        booking=booking,
        subject=f"Booked: 1:1 coaching with {booking.slot.coach.name}",
        attachments=(
            ("coaching.ics", booking_ics(booking=booking, url=url, now=now), ICS_CONTENT_TYPE),
        ),
    )
    return outbox_email_send_now(email=row)


def reminder_send(*, booking_id: int, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    with transaction.atomic():
        booking = _booking(booking_id)
        if booking.status != BookingStatus.BOOKED or booking.slot.starts_at <= now:
            return False
        row, created = _enqueue(
            kind="coaching_reminder",
            reference=f"booking:{booking.pk}",
            booking=booking,
            subject=f"Tomorrow: 1:1 coaching with {booking.slot.coach.name}",
        )
        if created:
            CoachingBooking.objects.filter(pk=booking.pk).update(reminder_sent_at=now)
    return outbox_email_send_now(email=row)


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind every booked student whose session starts within ``REMINDER_AHEAD``, once."""
    now = now or timezone.now()
    due = CoachingBooking.objects.filter(
        status=BookingStatus.BOOKED,
        reminder_sent_at__isnull=True,
        slot__starts_at__gt=now,
        slot__starts_at__lte=now + REMINDER_AHEAD,
    ).values_list("pk", flat=True)
    return sum(reminder_send(booking_id=pk, now=now) for pk in list(due))
