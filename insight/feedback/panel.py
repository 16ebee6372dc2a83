"""Under each lesson (``courses.lesson_panels``): rate it, flag an unclear moment.

Shown to students whose class has the lesson open; one query (their rating and their flags,
``reader_feedback_of``). When a post was refused (``views``), the page is rendered again with
``FeedbackRefusal`` in its context: the refused form shows each message next to its field and
keeps what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from courses.selectors.access import AccessReason
from insight.feedback.selectors import reader_feedback_of


@dataclass(frozen=True)
class FeedbackRefusal:
    form: str  # "rate" or "flag"
    errors: dict[str, list[str]] = field(default_factory=dict)  # "__all__": the whole form's
    values: dict[str, str] = field(default_factory=dict)


def _form_state(refusal: FeedbackRefusal | None, form: str) -> dict:
    if refusal is None or refusal.form != form:
        return {"errors": {}, "values": None}
    # Templates cannot read "__all__": the whole form's messages are "form" there.
    errors = {("form" if key == "__all__" else key): msgs for key, msgs in refusal.errors.items()}
    return {"errors": errors, "values": refusal.values}


def feedback_lesson_panel(*, context, lesson, access, request) -> str:
    if access.reason != AccessReason.GRANTED:
        return ""
    refusal = context.get("lesson_feedback_refusal")
    given = reader_feedback_of(user=request.user, lesson=lesson)
    rating = given.rating
    rate_form = _form_state(refusal, "rate")
    if rate_form["values"] is None:
        rate_form["values"] = {
            "score": str(rating.score) if rating else "",
            "comment": rating.comment if rating else "",
        }
    flag_form = _form_state(refusal, "flag")
    if flag_form["values"] is None:
        flag_form["values"] = {"moment": "", "note": ""}
    return render_to_string(
        "lesson_feedback/panel.html",
        {
            "lesson": lesson,
            "rating": rating,
            "flags": given.flags,
            "scores": ["1", "2", "3", "4", "5"],
            "rate_form": rate_form,
            "flag_form": flag_form,
            "next": request.POST.get("next", "") if refusal else request.get_full_path(),
        },
        request=request,
    )
