"""Pages and form posts of lesson discussions: parse, call a service, respond.

A refused action (bad input, no permission, too fast) answers with a page that says what to
fix (400 / 403 / 429 with ``Retry-After``) and a link back; nothing is written then.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cms.rate_limits import RateLimited
from community.discussions import services
from community.discussions.emails import unsubscribe_token_user_id
from community.discussions.forms import DiscussionPreferenceFields
from community.discussions.models import (
    Notification,
    NotificationDelivery,
    Post,
    Thread,
)
from community.discussions.panel import discussion_html
from community.discussions.selectors import notifications_list
from courses.models import Cohort, LessonPage
from courses.selectors.access import discussion_access


def _back(lesson: LessonPage, cohort_id: int, fragment: str = "discussion") -> str:
    return f"{lesson.get_url() or '/'}?class={cohort_id}#{fragment}"


def _next(request, default: str, fragment: str = "") -> str:
    """Back to the page the form was on (the lesson, or the class's discussion page)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return f"{target.split('#')[0]}#{fragment}" if fragment else target
    return default


def _refused(request, error: Exception, back: str) -> HttpResponse:
    status, retry = 400, None
    if isinstance(error, ValidationError):
        text = " ".join(
            message for messages_ in getattr(error, "message_dict", {"": error.messages}).values()
            for message in messages_
        )  # fmt: skip
    elif isinstance(error, RateLimited):
        status, text, retry = 429, error.message, error.retry_after_seconds
    else:
        status, text = 403, str(error) or "You cannot do that here."
    response = render(
        request, "discussions/refused.html", {"message": text, "back": back}, status=status
    )
    if retry is not None:
        response["Retry-After"] = str(retry)
    return response


def _need_login(request):
    return redirect_to_login(request.META.get("HTTP_REFERER") or request.get_full_path())


@require_POST
def thread_new(request: HttpRequest, cohort_id: int, lesson_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _need_login(request)
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    lesson = get_object_or_404(LessonPage, pk=lesson_id)
    back = _next(request, _back(lesson, cohort.pk), "discussion")
    try:
        thread = services.thread_create(
            author=request.user,
            cohort=cohort,
            lesson=lesson,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
            moment=request.POST.get("moment") or None,
            from_prompt=request.POST.get("from_prompt") == "1",
        )
    except (ValidationError, PermissionDenied, RateLimited) as error:
        return _refused(request, error, back)
    opening = thread.posts.first()
    _confirm(request, opening)
    return redirect(_next(request, _back(lesson, cohort.pk), f"thread-{thread.pk}"))


def _confirm(request, post: Post) -> None:
    if post.status == Post.Status.PENDING:
        messages.info(
            request,
            f"Your post awaits a moderator ({post.held_reason}); until then only you can see it.",
        )
    else:
        messages.success(request, "Posted.")


@require_POST
def reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _need_login(request)
    thread = get_object_or_404(Thread.objects.select_related("cohort", "lesson"), pk=thread_id)
    back = _next(request, _back(thread.lesson, thread.cohort_id), f"thread-{thread.pk}")
    try:
        post = services.post_reply(
            author=request.user,
            thread=thread,
            body=request.POST.get("body", ""),
            moment=request.POST.get("moment") or None,
        )
    except (ValidationError, PermissionDenied, RateLimited) as error:
        return _refused(request, error, back)
    _confirm(request, post)
    return redirect(_next(request, _back(thread.lesson, thread.cohort_id), post.anchor))


_POST_ACTIONS = {"like", "edit", "delete", "report", "answer", "hide", "publish"}
_THREAD_ACTIONS = {"follow", "pin", "close", "hide"}


@require_POST
def post_action(request: HttpRequest, post_id: int, action: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return _need_login(request)
    if action not in _POST_ACTIONS:
        return _refused(request, ValidationError(f"Unknown action {action!r}."), "/")
    post = get_object_or_404(
        Post.objects.select_related("thread__cohort", "thread__lesson"), pk=post_id
    )
    thread, user = post.thread, request.user
    back = _next(request, _back(thread.lesson, thread.cohort_id), post.anchor)
    try:
        if action == "like":
            if not services.post_like(user=user, post=post):
                services.post_unlike(user=user, post=post)
        elif action == "edit":
            services.post_edit(
                user=user, post=post, body=request.POST.get("body", ""),
                moment=request.POST.get("moment") or None,
            )  # fmt: skip
        elif action == "delete":
            services.post_delete(user=user, post=post)
        elif action == "report":
            services.post_report(user=user, post=post, reason=request.POST.get("reason", ""))
            messages.success(request, "Thanks: a moderator will look at this post.")
        elif action == "answer":
            services.post_mark_answer(moderator=user, post=post, answer=not post.is_answer)
        elif action == "hide":
            services.post_moderate(moderator=user, post=post, publish=False)
        elif action == "publish":
            services.post_moderate(moderator=user, post=post, publish=True)
    except (ValidationError, PermissionDenied, RateLimited) as error:
        return _refused(request, error, back)
    return redirect(back)


@require_POST
def thread_action(request: HttpRequest, thread_id: int, action: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return _need_login(request)
    if action not in _THREAD_ACTIONS:
        return _refused(request, ValidationError(f"Unknown action {action!r}."), "/")
    thread = get_object_or_404(Thread.objects.select_related("cohort", "lesson"), pk=thread_id)
    user = request.user
    back = _next(request, _back(thread.lesson, thread.cohort_id), f"thread-{thread.pk}")
    try:
        if action == "follow":
            follows = thread.follows.filter(user=user).exists()
            services.thread_follow(user=user, thread=thread, follow=not follows)
        elif action == "pin":
            services.thread_moderate(moderator=user, thread=thread, pinned=not thread.pinned)
        elif action == "close":
            services.thread_moderate(moderator=user, thread=thread, closed=not thread.closed)
        elif action == "hide":
            services.thread_moderate(moderator=user, thread=thread, hidden=not thread.hidden)
    except (ValidationError, PermissionDenied, RateLimited) as error:
        return _refused(request, error, back)
    return redirect(back)


def class_discussion(request: HttpRequest, cohort_id: int, lesson_id: int) -> HttpResponse:
    """A class's discussion of a lesson on its own page: for coaches, who teach the class
    without opening lessons as students do, and for links from emails and the class view."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    now = timezone.now()
    rights = discussion_access(user=request.user, cohort=cohort, lesson=lesson, now=now)
    if not rights.can_read:
        return render(
            request,
            "discussions/refused.html",
            {"message": rights.message or "This discussion is not open to you.", "back": "/"},
            status=403,
        )
    html = discussion_html(request=request, cohort=cohort, lesson=lesson, rights=rights, now=now)
    response = render(
        request,
        "discussions/class_discussion.html",
        {"cohort": cohort, "lesson": lesson, "discussion": html},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def class_view(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """A class's recent threads across its lessons; coaches see unanswered threads first."""
    from community.discussions.selectors import class_recent_threads
    from courses.selectors.coaching import user_coaches_cohort

    cohort = get_object_or_404(Cohort, pk=cohort_id)
    user = request.user
    member = (
        user.is_staff
        or user_coaches_cohort(user, cohort.pk)
        or cohort.enrollments.filter(user=user, status__in=["active", "transferred"]).exists()
    )
    threads = class_recent_threads(user=user, cohort=cohort, now=timezone.now()) if member else None
    if threads is None:
        return render(
            request,
            "discussions/refused.html",
            {
                "message": "This class's discussions are open to its students and coaches.",
                "back": "/",
            },
            status=403,
        )
    response = render(
        request, "discussions/class_view.html", {"cohort": cohort, "threads": threads}
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in person's discussion notifications. How they hear about them by email is
    on the email preferences page (``courses.preference_fields``): the form that used to post
    here is sent there."""
    if request.method == "POST" and "mark_read" in request.POST:
        services.notifications_mark_read(user=request.user)
        return redirect("discussions:notifications")
    if request.method == "POST":
        messages.info(request, "Discussion emails are now chosen here, with your other emails.")
        return redirect(preferences_url())
    items = notifications_list(user=request.user)
    response = render(
        request,
        "discussions/notifications.html",
        {"items": items, "preferences_url": preferences_url()},
    )
    response["Cache-Control"] = "private, no-store"
    return response


def preferences_url() -> str:
    """Where the discussion email choice lives: the email preferences page, at its fieldset."""
    return f"{reverse('courses_student:preferences')}#{DiscussionPreferenceFields.anchor}"


def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one notification read and go to its post."""
    if not request.user.is_authenticated:
        return _need_login(request)
    notification = get_object_or_404(
        Notification.objects.select_related("post__thread__lesson"),
        pk=notification_id,
        recipient=request.user,
    )
    if notification.read_at is None:
        services.notifications_mark_read(user=request.user, notification_ids=[notification.pk])
    thread = notification.post.thread
    return redirect(_back(thread.lesson, thread.cohort_id, notification.post.anchor))


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The email's one-click link: discussion emails off for the token's person."""
    user_id = unsubscribe_token_user_id(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(
            request,
            "discussions/refused.html",
            {"message": "This unsubscribe link is not valid.", "back": "/"},
            status=404,
        )
    if request.method == "POST":
        services.discussion_preference_set(user=user, delivery=NotificationDelivery.OFF)
        return render(
            request,
            "discussions/unsubscribed.html",
            {"done": True, "preferences": preferences_url()},
        )
    return render(
        request, "discussions/unsubscribed.html", {"done": False, "preferences": preferences_url()}
    )
