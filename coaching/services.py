"""Writes of the Kata journal: save a draft, submit, give feedback.

Every write locks the entry row (``select_for_update``) so a double click or two tabs cannot
create two drafts or number two iterations alike; the database constraints
(``coaching_iteration_number``, ``coaching_one_draft_per_entry``) are the last word.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from coaching.due import journal_due_at
from coaching.models import (
    KATA_FIELDS,
    EntryStatus,
    JournalEntry,
    JournalIteration,
    Verdict,
)
from courses.models import Enrollment, EnrollmentStatus, WeekRelease
from courses.selectors.coaching import user_coaches_cohort


class JournalError(ValueError):
    """A journal write that cannot be done, with a message for the person who tried."""


def _kata_values(values: dict[str, str]) -> dict[str, str]:
    return {name: (values.get(name) or "").strip() for name, _ in KATA_FIELDS}


def _entry_locked(*, enrollment: Enrollment, week_number: int, now: datetime) -> JournalEntry:
    if enrollment.status != EnrollmentStatus.ACTIVE:
        raise JournalError("Your place in this class has ended, so the journal is read-only.")
    if not WeekRelease.objects.filter(
        cohort_id=enrollment.cohort_id, week_number=week_number
    ).exists():
        raise JournalError("This week has not opened for your class yet.")
    course_id = enrollment.cohort.course_id
    entry, _ = JournalEntry.objects.get_or_create(
        user_id=enrollment.user_id,
        course_id=course_id,
        week_number=week_number,
        defaults={
            "cohort_id": enrollment.cohort_id,
            "due_at": journal_due_at(cohort=enrollment.cohort, week_number=week_number),
        },
    )
    return JournalEntry.objects.select_for_update().get(pk=entry.pk)


def _draft(entry: JournalEntry) -> JournalIteration | None:
    return entry.iterations.filter(submitted_at__isnull=True).first()


def journal_draft_save(
    *, enrollment: Enrollment, week_number: int, values: dict[str, str], now: datetime | None = None
) -> JournalIteration:
    """Keep what the student typed as the entry's draft (a new iteration's draft when the
    last one was submitted)."""
    now = now or timezone.now()
    with transaction.atomic():
        entry = _entry_locked(enrollment=enrollment, week_number=week_number, now=now)
        if entry.status == EntryStatus.ACCEPTED:
            raise JournalError("Your coach accepted this entry; it cannot be changed any more.")
        draft = _draft(entry)
        if draft is None:
            draft = JournalIteration(entry=entry, number=entry.iterations.count() + 1)
        for name, value in _kata_values(values).items():
            setattr(draft, name, value)
        draft.full_clean(exclude=["entry"])
        draft.save()
        if not entry.iterations.exclude(pk=draft.pk).exists():
            entry.status = EntryStatus.DRAFT  # nothing submitted yet
        entry.cohort_id = enrollment.cohort_id
        entry.save(update_fields=["status", "cohort", "updated_at"])
    return draft


def journal_submit(
    *, enrollment: Enrollment, week_number: int, values: dict[str, str], now: datetime | None = None
) -> JournalIteration:
    """Submit the week's entry (or a new iteration of it) to the coaches.

    A submission after the due date is accepted and marked ``late``: the point is the
    practice, not the deadline. A challenge and a next step are required, because a coach
    cannot answer an entry without them.
    """
    now = now or timezone.now()
    kata = _kata_values(values)
    missing = [
        label
        for name, label in KATA_FIELDS
        if name in ("challenge", "next_step") and not kata[name]
    ]
    if missing:
        raise JournalError(f"Fill in {' and '.join(missing).lower()} before submitting.")
    with transaction.atomic():
        entry = _entry_locked(enrollment=enrollment, week_number=week_number, now=now)
        if entry.status == EntryStatus.SUBMITTED:
            raise JournalError("This entry is waiting for your coach's feedback already.")
        draft = journal_draft_save(
            enrollment=enrollment, week_number=week_number, values=kata, now=now
        )
        due_at = journal_due_at(cohort=enrollment.cohort, week_number=week_number)
        draft.submitted_at = now
        draft.late = now > due_at
        draft.save(update_fields=["submitted_at", "late"])
        entry.status = EntryStatus.SUBMITTED
        entry.due_at = due_at
        entry.save(update_fields=["status", "due_at", "updated_at"])
    return draft


def journal_feedback_give(
    *,
    coach,
    iteration: JournalIteration,
    verdict: str,
    feedback: str,
    now: datetime | None = None,
) -> JournalIteration:
    """A coach of the student's class answers the latest submission."""
    now = now or timezone.now()
    feedback = (feedback or "").strip()
    if verdict not in Verdict.values:
        raise JournalError("Choose 'accepted' or 'try another iteration'.")
    if not feedback:
        raise JournalError("Write a few words of feedback for the student.")
    with transaction.atomic():
        entry = JournalEntry.objects.select_for_update().get(pk=iteration.entry_id)
        if not (
            coach.has_perm("coaching.give_feedback")
            and (coach.is_superuser or user_coaches_cohort(coach, entry.cohort_id))
        ):
            raise PermissionError("Only a coach of the student's class gives feedback.")
        iteration = JournalIteration.objects.get(pk=iteration.pk)
        if iteration.submitted_at is None or entry.status != EntryStatus.SUBMITTED:
            raise JournalError("This iteration is not waiting for feedback.")
        latest = entry.iterations.exclude(submitted_at=None).order_by("-number").first()
        if latest is None or latest.pk != iteration.pk:
            raise JournalError("The student has submitted a newer iteration; answer that one.")
        iteration.feedback = feedback
        iteration.verdict = verdict
        iteration.feedback_by = coach
        iteration.feedback_at = now
        iteration.full_clean(exclude=["entry", "feedback_by"])
        iteration.save(update_fields=["feedback", "verdict", "feedback_by", "feedback_at"])
        entry.status = EntryStatus.ACCEPTED if verdict == Verdict.ACCEPTED else EntryStatus.REVISE
        entry.save(update_fields=["status", "updated_at"])
    return iteration
