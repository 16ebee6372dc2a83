"""Emails about meetups, each an outbox row once per ``(kind, reference)``, so retries and
twin workers send it once; text and HTML parts from ``meetups/email/<kind>.{txt,html}``."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from community.meetups.ics import rsvp_ics
from community.meetups.models import Meetup, Rsvp, RsvpStatus
from engine.ics import ICS_CONTENT_TYPE
from engine.outbox.services import outbox_email_enqueue, outbox_email_send_now

# The reminder goes out when the meetup is this close (the beat entry runs hourly).
REMINDER_AHEAD = timedelta(hours=24)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _enqueue(*, kind: str, reference: str, to: str, subject: str, context: dict, attachments=()):
    context = {**context, "site_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL}
    return outbox_email_enqueue(
        kind=kind,
        key=f"{kind}:{reference}",
        to=[to],
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        text=render_to_string(f"meetups/email/{kind}.txt", context),
        html=render_to_string(f"meetups/email/{kind}.html", context),
        attachments=attachments,
    )


def _rsvp(rsvp_id: int) -> Rsvp:
    return Rsvp.objects.select_related("meetup__chapter", "user").get(pk=rsvp_id)


def _context(rsvp: Rsvp) -> dict:
    return {
        "rsvp": rsvp,
        "meetup": rsvp.meetup,
        "meetup_url": absolute(reverse("meetups:meetup_detail", args=[rsvp.meetup_id])),
    }


def rsvp_email_send(*, rsvp_id: int, kind: str, now: datetime | None = None) -> bool:
    """The confirmation (``meetup_rsvp``) or the you-got-the-place email (``meetup_promoted``),
    both with the ``.ics``. Keyed by the RSVP's last change, so coming back after a
    cancellation confirms again, and a retry does not."""
    rsvp = _rsvp(rsvp_id)
    if rsvp.status != RsvpStatus.GOING:
        return False
    context = _context(rsvp)
    verb = "You're going" if kind == "meetup_rsvp" else "A place freed up: you're going"
    row, _ = _enqueue(
        kind=kind,
        reference=f"rsvp:{rsvp.pk}:{rsvp.updated_at.timestamp():.0f}",
        to=rsvp.user.email,
        subject=f"{verb}: {rsvp.meetup.title}, {rsvp.meetup.local_starts_at:%-d %B}",
        context=context,
        attachments=(
            (
                "meetup.ics",
                rsvp_ics(rsvp=rsvp, url=context["meetup_url"], now=now),
                ICS_CONTENT_TYPE,
            ),
        ),
    )
    return outbox_email_send_now(email=row)


def reminder_send(*, rsvp_id: int, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    with transaction.atomic():
        rsvp = _rsvp(rsvp_id)
        if rsvp.status != RsvpStatus.GOING or rsvp.meetup.starts_at <= now:
            return False
        row, created = _enqueue(
            kind="meetup_reminder",
            reference=f"rsvp:{rsvp.pk}:{rsvp.meetup.starts_at.timestamp():.0f}",
            to=rsvp.user.email,
            subject=f"Tomorrow: {rsvp.meetup.title}, {rsvp.meetup.local_starts_at:%H:%M}",
            context=_context(rsvp),
        )
        if created:
            Rsvp.objects.filter(pk=rsvp.pk).update(reminder_sent_at=now)
    return outbox_email_send_now(email=row)


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind everyone going to a meetup starting within ``REMINDER_AHEAD`` not yet reminded."""
    now = now or timezone.now()
    due = Rsvp.objects.filter(
        status=RsvpStatus.GOING,
        reminder_sent_at__isnull=True,
        meetup__starts_at__gt=now,
        meetup__starts_at__lte=now + REMINDER_AHEAD,
    ).values_list("pk", flat=True)
    return sum(reminder_send(rsvp_id=pk, now=now) for pk in list(due))


def announcement_send(*, meetup_id: int) -> int:
    """Tell everyone who opted in and lives in the meetup's city (the venue is not in it)."""
    from community.meetups.selectors import opted_in_for_city

    meetup = Meetup.objects.select_related("chapter").get(pk=meetup_id)
    sent = 0
    url = absolute(reverse("meetups:meetup_detail", args=[meetup.pk]))
    for profile in opted_in_for_city(city=meetup.chapter.city):
        row, _ = _enqueue(
            kind="meetup_announcement",
            reference=f"meetup:{meetup.pk}:user:{profile.user_id}",
            to=profile.user.email,
            subject=f"New meetup in {meetup.chapter.city}: {meetup.title}",
            context={"meetup": meetup, "meetup_url": url, "user": profile.user},
        )
        sent += outbox_email_send_now(email=row)
    return sent
