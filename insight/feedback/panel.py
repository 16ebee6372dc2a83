"""Under each lesson (``courses.lesson_panels``): rate it, flag an unclear moment.

Shown to students whose class has the lesson open; one query (their rating and their flags,
``reader_feedback_of``).
"""

from __future__ import annotations

from django.template.loader import render_to_string

from courses.selectors.access import AccessReason
from insight.feedback.selectors import reader_feedback_of


def feedback_lesson_panel(*, context, lesson, access, request) -> str:
    if access.reason != AccessReason.GRANTED:
        return ""
    given = reader_feedback_of(user=request.user, lesson=lesson)
    return render_to_string(
        "lesson_feedback/panel.html",
        {
            "lesson": lesson,
            "rating": given.rating,
            "flags": given.flags,
            "scores": [1, 2, 3, 4, 5],
            "next": request.get_full_path(),
        },
        request=request,
    )
