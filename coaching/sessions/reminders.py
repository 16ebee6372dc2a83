"""The reminder an hour before a live session: to those who RSVP'd, or to every active
student of the class when the session needs no RSVP.

Exactly once is the outbox's unique key, ``live_session_reminder:<session>:<user>:<start>``:
the job may run every few minutes, twice at once, or again after a crash, and each person
still gets one email per session (a session moved to another time reminds again).
``reminders_sent_at`` only spares later runs the work.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coaching.sessions.email_kinds import LIVE_SESSION_REMINDER_KIND
from coaching.sessions.models import LiveSession, RsvpStatus, SessionRsvp
from courses.emails import absolute_url
from courses.models import Enrollment, EnrollmentStatus
from engine.outbox.services import outbox_email_enqueue, outbox_send_on_commit

REMINDER_LEAD = timedelta(hours=1)


def _recipients(session: LiveSession) -> list:
    if session.rsvp_required:
        rows = SessionRsvp.objects.filter(session=session, status=RsvpStatus.GOING)
    else:
        rows = Enrollment.objects.filter(cohort=session.cohort, status=EnrollmentStatus.ACTIVE)
    return [row.user for row in rows.select_related("user").order_by("pk")]


def live_session_reminders_send(*, now: datetime | None = None) -> list[int]:
    """Enqueue the reminders due now; returns the outbox ids written by this call."""
    now = now or timezone.now()
    due = LiveSession.objects.filter(
        starts_at__gt=now, starts_at__lte=now + REMINDER_LEAD, reminders_sent_at__isnull=True
    ).select_related("cohort__course")
    created: list[int] = []
    for session in due:
        context = {
            "session": session,
            "starts": session.local_starts_at,
            "url": absolute_url(reverse("live_sessions:detail", args=[session.pk])),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        for user in _recipients(session):
            if not user.email:
                continue
            email, was_created = outbox_email_enqueue(
                kind=LIVE_SESSION_REMINDER_KIND,
                key=(
                    f"{LIVE_SESSION_REMINDER_KIND}:{session.pk}:{user.pk}:"
                    f"{session.starts_at.timestamp():.0f}"
                ),
                to=[user.email],
                subject=f"In an hour: {session.title}, {session.local_starts_at:%H:%M}",
                text=render_to_string(
                    "live_sessions/emails/reminder.txt", {**context, "user": user}
                ),
                html=render_to_string(
                    "live_sessions/emails/reminder.html", {**context, "user": user}
                ),
                now=now,
            )
            if was_created:
                created.append(email.pk)
        LiveSession.objects.filter(pk=session.pk).update(reminders_sent_at=now)
    if created:
        outbox_send_on_commit(ids=created)
    return created
