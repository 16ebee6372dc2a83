"""The lesson page's discussion (``courses.lesson_panels``): the reader's class's threads.

Which class: ``?class=<id>`` when the reader may read that class's discussion (a transferred
student reading the old class, a coach or staff member choosing one), else the class the
access policy granted the lesson through. Staff previewing without a class see links to each
class's discussion. Paginated (``DISCUSSION_THREADS_PER_PAGE``) so the page stays fast
whatever the size of the discussion.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from community.discussions.selectors import (
    SHARED_PAGE_SECONDS,
    DiscussionPage,
    discussion_page,
    lesson_discussion_prompt,
    post_editable,
    post_editable_until,
)
from community.discussions.versions import discussion_remembered
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
    """One page of the class's discussion of the lesson, with its forms.

    Rendering a page of threads (fifty posts, each with its forms) costs far more than
    reading it, so a student's rendered page is remembered for them alone (``_reader_key``:
    the reader, what they may do, the lesson's prompt and the page's address; the forms'
    CSRF token is filled in per response) under the class's discussion version, which every
    post, edit, like, follow and moderation in the class replaces: the next view after any
    of them renders afresh. It is never shown to anyone else, and lives no longer than the
    reader's first "Edit" button on the page (``_reader_seconds``). Coaches, staff and "around
    this moment" render every time, as does everyone with the cache down.
    """
    prompt = lesson_discussion_prompt(lesson)
    around = _around(request)

    def render(csrf_token: str | None = None) -> tuple[str, int]:
        page = discussion_page(
            cohort=cohort,
            lesson=lesson,
            viewer=request.user,
            access=rights,
            page_number=request.GET.get("discussion_page", 1),
            per_page=settings.DISCUSSION_THREADS_PER_PAGE,
            around=around,
        )
        html = render_to_string(
            "discussions/panel.html",
            {
                "d": page,
                "lesson": lesson,
                "prompt": prompt,
                "now": now,
                "edit_minutes": settings.DISCUSSION_EDIT_MINUTES,
                "request": request,
                "next": request.get_full_path(),
                **({"csrf_token": csrf_token} if csrf_token else {}),
            },
            request=request,
        )
        return html, _reader_seconds(page, user=request.user, now=now)

    if around is not None or rights.can_moderate or not request.user.is_authenticated:
        return render()[0]

    def remember() -> tuple[str, int, str]:
        # The forms' CSRF token is a placeholder no post can guess, filled in per response
        # with a freshly masked token (as Django renders it), so the page does not depend on
        # the reader keeping a CSRF cookie.
        placeholder = secrets.token_hex(16)
        html, seconds = render(csrf_token=placeholder)
        return html, seconds, placeholder

    html, _, placeholder = discussion_remembered(
        cohort_id=cohort.pk,
        key=_reader_key(request, cohort=cohort, lesson=lesson, rights=rights, prompt=prompt),
        compute=remember,
        seconds=lambda remembered: remembered[1],
    )
    # Our template's output, with a token of letters and digits put in: still safe HTML.
    return mark_safe(html.replace(placeholder, get_token(request)))  # noqa: S308


def _reader_key(request, *, cohort, lesson, rights, prompt: str) -> str:
    """Everything a reader's rendered page depends on besides the class's discussion
    version (their follows, likes and held posts are in the class's discussion)."""
    signature = repr((request.get_full_path(), rights, prompt))
    digest = hashlib.sha256(signature.encode()).hexdigest()[:32]
    return f"discussions:html:{cohort.pk}:{lesson.pk}:{request.user.pk}:{digest}"


def _reader_seconds(page: DiscussionPage, *, user, now) -> int:
    """How long the reader's rendered page may be shown: the remembered page's own limit,
    cut to when the first of their posts on it stops being editable (its "Edit" button must
    go then); 0 (not remembered) when that is less than a second away."""
    seconds = SHARED_PAGE_SECONDS
    for view in page.threads:
        for post in view.posts:
            if post_editable(post=post, user=user, now=now):
                left = (post_editable_until(post) - now).total_seconds()
                seconds = min(seconds, int(left))
    return max(seconds, 0)
