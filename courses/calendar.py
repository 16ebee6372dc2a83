"""A student's private iCal feed of their classes' week dates (RFC 5545), written with
``icalendar`` (https://icalendar.readthedocs.io/), which escapes text and folds long lines.

One VEVENT per week and class, ``UID`` stable (class and week, not the date, so a
rescheduled week moves in the subscriber's calendar instead of duplicating), times in UTC.
Other apps add their events (live sessions, ...) through ``courses.calendar_events``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from django.conf import settings

from courses.calendar_events import calendar_events_registered
from courses.selectors import user_enrollment_schedules

_HOST = "institute"


def calendar_for_user(*, user, now: datetime) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Institute//Course calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Institute: my classes")
    dashboard = f"{settings.SITE_URL}/dashboard/"
    for schedule in user_enrollment_schedules(user=user):
        cohort = schedule.enrollment.cohort
        course = cohort.course
        for row, week in schedule.weeks:
            title = week.title if week else f"Week {row.number}"
            start = (row.released_at or row.due_at).astimezone(UTC)
            event = Event()
            event.add("uid", f"cohort-{cohort.pk}-week-{row.number}@{_HOST}")
            event.add("dtstamp", now.astimezone(UTC))
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(hours=1))
            event.add("summary", f"{course.title}: week {row.number} opens ({title})")
            event.add("description", f"{cohort.name}. Your lessons: {dashboard}")
            event.add("url", dashboard)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    for provider in calendar_events_registered():
        for extra in provider(user=user, now=now):
            event = Event()
            event.add("uid", extra.uid)
            event.add("dtstamp", now.astimezone(UTC))
            event.add("dtstart", extra.starts_at.astimezone(UTC))
            event.add("dtend", extra.ends_at.astimezone(UTC))
            event.add("summary", extra.summary)
            if extra.description:
                event.add("description", extra.description)
            if extra.url:
                event.add("url", extra.url)
            calendar.add_component(event)
    return calendar.to_ical().decode()
