"""The lesson page's discussion (``courses.lesson_panels``): the reader's class's threads.

Which class: ``?class=<id>`` when the reader may read that class's discussion (a transferred
student reading the old class, a coach or staff member choosing one), else the class the
access policy granted the lesson through. Staff previewing without a class see links to each
class's discussion. Paginated (``DISCUSSION_THREADS_PER_PAGE``) so the page stays fast
whatever the size of the discussion.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from community.discussions.selectors import discussion_page, lesson_discussion_prompt
from courses.models import Cohort
from courses.selectors.access import discussion_access_for_lesson_reader, lesson_location


def _requested_cohort(request, course_id: int) -> Cohort | None:
    raw = request.GET.get("class", "")
    if not raw.isdigit():
        return None
    return Cohort.objects.filter(pk=int(raw), course_id=course_id).first()


def _around(request) -> float | None:
    try:
        value = float(request.GET.get("around", ""))
    except ValueError:
        return None
    return value if 0 <= value <= 24 * 3600 else None


def discussion_lesson_panel(*, context, lesson, access, request) -> str:
    now = timezone.now()
    location = lesson_location(lesson=lesson)
    cohort = _requested_cohort(request, location.course_id) or access.cohort
    if cohort is None:
        classes = Cohort.objects.filter(course_id=location.course_id).order_by("-start_date")
        return render_to_string(
            "discussions/panel_choose_class.html",
            {"classes": classes, "lesson": lesson},
            request=request,
        )
    rights = discussion_access_for_lesson_reader(
        user=request.user, cohort=cohort, lesson=lesson, lesson_access=access, now=now
    )
    if not rights.can_read:
        return render_to_string(
            "discussions/panel_closed.html", {"message": rights.message}, request=request
        )
    return discussion_html(request=request, cohort=cohort, lesson=lesson, rights=rights, now=now)


def discussion_html(*, request, cohort, lesson, rights, now) -> str:
    """One page of the class's discussion of the lesson, with its forms."""
    page = discussion_page(
        cohort=cohort,
        lesson=lesson,
        viewer=request.user,
        access=rights,
        page_number=request.GET.get("discussion_page", 1),
        per_page=settings.DISCUSSION_THREADS_PER_PAGE,
        around=_around(request),
    )
    prompt = lesson_discussion_prompt(lesson)
    return render_to_string(
        "discussions/panel.html",
        {
            "d": page,
            "lesson": lesson,
            "prompt": prompt,
            "now": now,
            "edit_minutes": settings.DISCUSSION_EDIT_MINUTES,
            "request": request,
            "next": request.get_full_path(),
        },
        request=request,
    )
