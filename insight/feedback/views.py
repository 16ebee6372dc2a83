"""Form posts from the lesson panel; both go through the services and back to the lesson."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cms.rate_limits import RateLimited
from courses.models import LessonPage
from insight.feedback.services import lesson_rate, unclear_flag_create


def _back(request, lesson):
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = lesson.url
    return redirect(f"{target.split('#')[0]}#lesson-feedback")


def _errors(error: ValidationError) -> str:
    return " ".join(message for messages_ in error.message_dict.values() for message in messages_)


@login_required
@require_POST
def rate(request, lesson_id: int):
    lesson = get_object_or_404(LessonPage, pk=lesson_id)
    try:
        lesson_rate(
            user=request.user,
            lesson=lesson,
            score=request.POST.get("score"),
            comment=request.POST.get("comment", ""),
        )
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect(lesson.url)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, "Thank you: your rating is saved.")
    return _back(request, lesson)


@login_required
@require_POST
def flag(request, lesson_id: int):
    lesson = get_object_or_404(LessonPage, pk=lesson_id)
    try:
        created = unclear_flag_create(
            user=request.user,
            lesson=lesson,
            moment=request.POST.get("moment"),
            note=request.POST.get("note", ""),
        )
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect(lesson.url)
    except ValidationError as error:
        messages.error(request, _errors(error))
    except RateLimited as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Thank you: the editors will look at {created.moment_label} again."
        )
    return _back(request, lesson)
