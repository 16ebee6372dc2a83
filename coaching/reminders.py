"""The reminder 24 hours before a week's journal entry is due, to students who have not
submitted it.

Exactly once is the outbox's unique key, ``journal_reminder:<user>:<course>:<week>``: the
job may run every few minutes, twice at once, or again after a crash, and each student still
gets one email per week. A student who submitted (any iteration) is not reminded.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coaching.due import journal_week_end
from coaching.email_kinds import JOURNAL_REMINDER_KIND
from coaching.models import JournalDueOverride, JournalEntry
from courses.emails import absolute_url
from courses.models import WEEKS_PER_COURSE, Cohort, Enrollment, EnrollmentStatus
from engine.outbox.services import outbox_email_enqueue, outbox_send_on_commit

REMINDER_LEAD = timedelta(hours=24)


def _weeks_due_soon(cohorts: list[Cohort], now: datetime) -> list[tuple[Cohort, int, datetime]]:
    """(class, week, due) for every week whose entry falls due within the next 24 hours."""
    overrides = {
        (o.cohort_id, o.week_number): o.due_at
        for o in JournalDueOverride.objects.filter(cohort__in=cohorts)
    }
    due_soon = []
    for cohort in cohorts:
        for week in range(1, WEEKS_PER_COURSE + 1):
            due = overrides.get((cohort.pk, week)) or journal_week_end(
                cohort=cohort, week_number=week
            )
            if now < due <= now + REMINDER_LEAD:
                due_soon.append((cohort, week, due))
    return due_soon


def journal_reminders_send(*, now: datetime | None = None) -> list[int]:
    """Enqueue the reminders due now; returns the outbox ids written by this call."""
    now = now or timezone.now()
    horizon = (now + REMINDER_LEAD).date()
    cohorts = list(
        Cohort.objects.filter(
            start_date__lte=horizon,
            start_date__gt=now.date() - timedelta(days=7 * WEEKS_PER_COURSE + 8),
        ).select_related("course")
    )
    created: list[int] = []
    for cohort, week, due in _weeks_due_soon(cohorts, now):
        submitted = set(
            JournalEntry.objects.filter(
                course_id=cohort.course_id, week_number=week, iterations__submitted_at__isnull=False
            ).values_list("user_id", flat=True)
        )
        enrollments = Enrollment.objects.filter(
            cohort=cohort, status=EnrollmentStatus.ACTIVE
        ).select_related("user")
        for enrollment in enrollments:
            user = enrollment.user
            if user.pk in submitted or not user.email:
                continue
            context = {
                "user": user,
                "cohort": cohort,
                "week": week,
                "due": timezone.localtime(due, cohort.tz),
                "url": absolute_url(reverse("coaching:journal")),
            }
            email, was_created = outbox_email_enqueue(
                kind=JOURNAL_REMINDER_KIND,
                key=f"journal_reminder:{user.pk}:{cohort.course_id}:{week}",
                to=[user.email],
                subject=f"Your week {week} Kata journal entry is due tomorrow",
                text=render_to_string("coaching/emails/journal_reminder.txt", context),
                html=render_to_string("coaching/emails/journal_reminder.html", context),
                now=now,
            )
            if was_created:
                created.append(email.pk)
    if created:
        outbox_send_on_commit(ids=created)
    return created
