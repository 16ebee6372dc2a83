"""Lesson file downloads: parse, ask the policy, answer. Thin by design (docs/architecture.md)."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from wagtail.documents import get_document_model

from courses.downloads import LinkRefused, file_link, file_response, signed_link_open
from courses.models import LessonPage
from courses.selectors import (
    Access,
    AccessReason,
    document_first_open_lesson,
    document_is_private,
    lesson_file_access,
    user_can_preview_lessons,
)


def refused(request, access: Access, *, lesson=None, status: int = 403):
    if access.reason == AccessReason.ANONYMOUS:
        return redirect_to_login(request.get_full_path())
    response = TemplateResponse(
        request,
        "courses/file_refused.html",
        {"access": access, "lesson": lesson},
        status=status,
    )
    add_never_cache_headers(response)
    return response


@require_safe
def lesson_file(request, lesson_id: int, document_id: int):
    """``/lesson-files/<lesson>/<document>/``: a takeaway, video or transcript.

    The file must belong to the lesson and the policy must open the lesson; then the browser
    is redirected to a link that expires within five minutes.
    """
    # Editors previewing a draft lesson may open its files; everyone else needs it published.
    lessons = LessonPage.objects.all()
    if not user_can_preview_lessons(request.user):
        lessons = lessons.live()
    lesson = get_object_or_404(lessons, pk=lesson_id)
    document = get_object_or_404(get_document_model(), pk=document_id)
    access = lesson_file_access(
        user=request.user, lesson=lesson, document=document, now=timezone.now()
    )
    if access is None:
        raise Http404("This lesson has no such file.")
    if not access.allowed:
        return refused(request, access, lesson=lesson)
    inline = request.GET.get("inline") == "1"
    response = HttpResponseRedirect(file_link(document=document, user=request.user, inline=inline))
    add_never_cache_headers(response)
    return response


@require_safe
def signed_file(request, token: str):
    """The local-storage end of a signed link (S3 serves presigned links itself)."""
    try:
        document_id, inline = signed_link_open(token=token, user=request.user)
    except LinkRefused as refusal:
        response = TemplateResponse(
            request, "courses/file_refused.html", {"link_refusal": refusal.reason}, status=403
        )
        add_never_cache_headers(response)
        return response
    document = get_object_or_404(get_document_model(), pk=document_id)
    return file_response(request, document, inline=inline)


def wagtail_document_guard(document, request):
    """Wagtail's ``/documents/<id>/<name>`` must not hand out private files on its own.

    Called from the ``before_serve_document`` hook: public documents pass (``None``); a file
    in a private collection goes through the same policy as ``lesson_file`` (via the lessons
    that use it) and then the same short-lived link.
    """
    if not document_is_private(document=document):
        return None
    now = timezone.now()
    if user_can_preview_lessons(request.user) or document_first_open_lesson(
        user=request.user, document=document, now=now
    ):
        response = HttpResponseRedirect(file_link(document=document, user=request.user))
        add_never_cache_headers(response)
        return response
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return refused(request, Access(AccessReason.NOT_ENROLLED))
