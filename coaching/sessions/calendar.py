"""Live sessions in the student's calendar feed (``courses.calendar_events``)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse

from coaching.sessions.selectors import sessions_upcoming_for_calendar
from courses.calendar_events import CalendarEvent


def live_session_calendar_events(*, user, now: datetime) -> list[CalendarEvent]:
    events = []
    for session in sessions_upcoming_for_calendar(user=user, now=now):
        url = settings.SITE_URL + reverse("live_sessions:detail", args=[session.pk])
        events.append(
            CalendarEvent(
                uid=f"live-session-{session.pk}@institute",
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                summary=f"{session.cohort.course.title}: {session.title}",
                description=f"{session.cohort.name}. The join link opens 15 minutes before: {url}",
                url=url,
            )
        )
    return events
