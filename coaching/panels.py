"""The week's Kata form under a lesson that has an exercise (``courses.lesson_panels``).

The lesson body is cached for everyone, so the exercise block itself stays the same text for
all; the student's own entry (draft, submissions, feedback) is this panel, rendered per
reader in one query (the entry joined to its iterations), and only for a student of the class
(staff previewing see nothing).
"""

from __future__ import annotations

from django.template.loader import render_to_string

from coaching.forms import KataForm
from coaching.models import EntryStatus
from coaching.selectors import journal_entry_for_week
from courses.selectors.access import AccessReason, lesson_location


def _has_exercise(lesson) -> bool:
    # The raw blocks, so the lesson's documents are not loaded just to read block types.
    return any(block.get("type") == "exercise" for block in lesson.body.raw_data)


def journal_lesson_panel(*, context, lesson, access, request) -> str:
    if access.reason != AccessReason.GRANTED or access.cohort is None:
        return ""
    if not _has_exercise(lesson):
        return ""
    # A granted lesson is one the policy opened through an active enrollment in
    # ``access.cohort`` (``CourseAccess.week_access``): no need to read the enrollment again.
    location = lesson_location(lesson=lesson)
    journal = journal_entry_for_week(
        user=request.user, course_id=location.course_id, week_number=location.week_number
    )
    entry, iterations = journal.entry, journal.iterations
    latest = iterations[-1] if iterations else None
    initial = {}
    if latest is not None:
        initial = {name: getattr(latest, name) for name in KataForm.base_fields}
    return render_to_string(
        "coaching/_lesson_journal.html",
        {
            "entry": entry,
            "iterations": [i for i in iterations if not i.is_draft],
            "form": KataForm(initial=initial),
            "week_number": location.week_number,
            "course_id": location.course_id,
            "editable": entry is None or entry.status in (EntryStatus.DRAFT, EntryStatus.REVISE),
            "next_path": request.get_full_path(),
        },
        request=request,
    )
