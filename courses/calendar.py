"""A student's private iCal feed of their classes' week dates (RFC 5545).

One VEVENT per week and class, ``UID`` stable (class and week, not the date, so a
rescheduled week moves in the subscriber's calendar instead of duplicating), ``DTSTART`` in
UTC. Lines are CRLF-terminated and folded at 75 octets (RFC 5545 section 3.1).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings

from courses.selectors import user_enrollment_schedules

_HOST = "institute"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    data = line.encode("utf-8")
    if len(data) <= 75:
        return [line]
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        limit = 75 if not parts else 74
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return [parts[0]] + [" " + part for part in parts[1:]]


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_for_user(*, user, now: datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Institute//Course calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Institute: my classes",
    ]
    for schedule in user_enrollment_schedules(user=user):
        cohort = schedule.enrollment.cohort
        course = cohort.course
        for row, week in schedule.weeks:
            title = week.title if week else f"Week {row.number}"
            description = f"{cohort.name}. Your lessons: {settings.SITE_URL}/dashboard/"
            start = row.released_at or row.due_at
            lines += [
                "BEGIN:VEVENT",
                f"UID:cohort-{cohort.pk}-week-{row.number}@{_HOST}",
                f"DTSTAMP:{_stamp(now)}",
                f"DTSTART:{_stamp(start)}",
                f"DTEND:{_stamp(start + timedelta(hours=1))}",
                f"SUMMARY:{_escape(f'{course.title}: week {row.number} opens ({title})')}",
                f"DESCRIPTION:{_escape(description)}",
                f"URL:{settings.SITE_URL}/dashboard/",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join(folded + "\r\n" for line in lines for folded in _fold(line))
