"""Form posts from the lesson panel; both go through the services.

Success goes back to the lesson (POST-redirect-GET) with a message. A refusal writes nothing
and answers honestly, on the lesson page itself with the form showing what to fix and what
was typed kept: 400 for bad input (the message next to its field), 429 with ``Retry-After``
when flagging too fast, 403 when the lesson is not open to the person.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cms.rate_limits import RateLimited
from courses.models import LessonPage
from insight.feedback.panel import FeedbackRefusal
from insight.feedback.services import lesson_rate, unclear_flag_create


def _back(request, lesson):
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = lesson.url
    return redirect(f"{target.split('#')[0]}#lesson-feedback")


def _lesson_page(
    request: HttpRequest, lesson: LessonPage, refusal: FeedbackRefusal, *, status: int
) -> HttpResponse:
    """The lesson as its template renders it, with the refused form for the panel."""
    context = {**lesson.get_context(request), "lesson_feedback_refusal": refusal}
    response = TemplateResponse(request, lesson.get_template(request), context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _refused(request, lesson, *, form: str, fields: tuple[str, ...], error: Exception):
    values = {name: request.POST.get(name, "") for name in fields}
    if isinstance(error, ValidationError):
        errors = getattr(error, "message_dict", None) or {"__all__": error.messages}
        refusal = FeedbackRefusal(form=form, errors=errors, values=values)
        return _lesson_page(request, lesson, refusal, status=400)
    if isinstance(error, RateLimited):
        refusal = FeedbackRefusal(form=form, errors={"__all__": [error.message]}, values=values)
        response = _lesson_page(request, lesson, refusal, status=429)
        response["Retry-After"] = str(error.retry_after_seconds)
        return response
    messages.error(request, str(error))
    refusal = FeedbackRefusal(form=form, errors={"__all__": [str(error)]}, values=values)
    return _lesson_page(request, lesson, refusal, status=403)


@login_required
@require_POST
def rate(request, lesson_id: int):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    try:
        lesson_rate(
            user=request.user,
            lesson=lesson,
            score=request.POST.get("score"),
            comment=request.POST.get("comment", ""),
        )
    except (PermissionDenied, ValidationError) as error:
        return _refused(request, lesson, form="rate", fields=("score", "comment"), error=error)
    messages.success(request, "Thank you: your rating is saved.")
    return _back(request, lesson)


@login_required
@require_POST
def flag(request, lesson_id: int):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    try:
        created = unclear_flag_create(
            user=request.user,
            lesson=lesson,
            moment=request.POST.get("moment"),
            note=request.POST.get("note", ""),
        )
    except (PermissionDenied, ValidationError, RateLimited) as error:
        return _refused(request, lesson, form="flag", fields=("moment", "note"), error=error)
    messages.success(request, f"Thank you: the editors will look at {created.moment_label} again.")
    return _back(request, lesson)
