"""Under each lesson (``courses.lesson_panels``): rate it, flag an unclear moment.

Shown to students whose class has the lesson open; two queries (their rating, their flags).
"""

from __future__ import annotations

from django.template.loader import render_to_string

from courses.selectors.access import AccessReason
from insight.feedback.models import UnclearFlag
from insight.feedback.selectors import lesson_rating_of


def feedback_lesson_panel(*, context, lesson, access, request) -> str:
    if access.reason != AccessReason.GRANTED:
        return ""
    rating = lesson_rating_of(user=request.user, lesson=lesson)
    flags = list(UnclearFlag.objects.filter(lesson=lesson, user=request.user).order_by("moment"))
    return render_to_string(
        "lesson_feedback/panel.html",
        {
            "lesson": lesson,
            "rating": rating,
            "flags": flags,
            "scores": [1, 2, 3, 4, 5],
            "next": request.get_full_path(),
        },
        request=request,
    )
