"""The editors' lesson feedback queue in the Wagtail admin (views only; services decide).

``index``: lessons with open unclear flags or ratings, with counts and the average rating
(one aggregate query). ``lesson_queue``: one lesson's rating summary, its open flags grouped
by moment (30 s), and its transcript with each group marked; "Mark handled" per flag or group.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from courses.models import LessonPage
from insight.feedback.selectors import (
    lesson_flag_groups,
    lesson_rating_summary,
    lesson_transcript_cues,
)
from insight.feedback.services import unclear_flags_handle, user_can_review_feedback


def _require_reviewer(request) -> None:
    if not user_can_review_feedback(request.user):
        raise PermissionDenied("Only editors and staff see lesson feedback.")


def index(request):
    _require_reviewer(request)
    lessons = (
        LessonPage.objects.annotate(
            open_flags=Count("unclear_flags", filter=Q(unclear_flags__handled_at__isnull=True)),
        )
        .annotate(
            ratings=Count("feedback_ratings", distinct=True),
            average=Avg("feedback_ratings__score"),
        )
        .filter(Q(open_flags__gt=0) | Q(ratings__gt=0))
        .order_by("-open_flags", "title")
        .values("pk", "title", "open_flags", "ratings", "average")
    )
    return TemplateResponse(
        request,
        "lesson_feedback/admin/index.html",
        {"lessons": list(lessons), "page_title": "Lesson feedback", "header_icon": "help"},
    )


def lesson_queue(request, lesson_id: int):
    _require_reviewer(request)
    lesson = get_object_or_404(LessonPage, pk=lesson_id)
    if request.method == "POST":
        ids = [int(raw) for raw in request.POST.getlist("flag") if raw.isdigit()]
        handled = unclear_flags_handle(editor=request.user, lesson=lesson, flag_ids=ids)
        messages.success(request, f"Marked {handled} flag{'s' if handled != 1 else ''} handled.")
        return redirect(request.path)
    groups = lesson_flag_groups(lesson=lesson)
    cues = [
        {
            "cue": cue,
            "groups": [g for g in groups if cue.start <= g.start < cue.end],
        }
        for cue in lesson_transcript_cues(lesson=lesson)
    ]
    return TemplateResponse(
        request,
        "lesson_feedback/admin/lesson.html",
        {
            "lesson": lesson,
            "summary": lesson_rating_summary(lesson=lesson),
            "groups": groups,
            "cues": cues,
            "page_title": f"Feedback: {lesson.title}",
            "header_icon": "help",
        },
    )
