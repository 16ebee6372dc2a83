"""The lesson discussions' JSON API under ``/api/v1/discussions/`` (issue 15, item 8).

Thin (STYLE.md point 1): parse, ask the one policy (``discussion_access``), call the service or
selector the pages call (``services``, ``selectors``), answer. Refusals are the API's one
error shape (cms/api_errors.py): 401 signed out, 403 when the policy refuses (its sentence
in ``detail``), 404 for what does not exist or is not shown to the caller (a hidden thread,
someone else's held post), 400 naming the field for bad input, 429 with ``Retry-After`` when
a rate limit refuses. A post's ``body_html`` is its sanitised rendering
(``rendering.post_body_html``), the same HTML the pages show; ``body`` is the Markdown its
author wrote, for editing (text, never to be inserted as HTML).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from cms.api_errors import ApiErrorSerializer
from community.discussions import selectors, services
from community.discussions.api_serializers import (
    DiscussionFollowSerializer,
    DiscussionLikeSerializer,
    DiscussionMarkedReadSerializer,
    DiscussionMarkReadSerializer,
    DiscussionNotificationListSerializer,
    DiscussionPostCreateSerializer,
    DiscussionPostEditSerializer,
    DiscussionPostModerateSerializer,
    DiscussionPostSerializer,
    DiscussionReportCreateSerializer,
    DiscussionReportSerializer,
    DiscussionThreadCreateSerializer,
    DiscussionThreadModerateSerializer,
    DiscussionThreadPageSerializer,
    DiscussionThreadSerializer,
)
from community.discussions.models import (
    Notification,
    Post,
    Thread,
)
from community.discussions.rendering import post_body_html
from courses.models import Cohort, LessonPage
from courses.selectors.access import DiscussionAccess, discussion_access

TAGS = ["discussions"]


# --- Representations ---------------------------------------------------------------------------


def _author(user) -> dict:
    return {"id": user.pk, "name": user.get_full_name() or "Class member"}


def _post(post: Post, *, viewer, liked: bool, now) -> dict:
    editable = selectors.post_editable(post=post, user=viewer, now=now)
    return {
        "id": post.pk,
        "thread_id": post.thread_id,
        "reply_to": post.reply_to_id,
        "author": _author(post.author),
        "status": post.status,
        "held_reason": post.held_reason if post.status == Post.Status.PENDING else "",
        "body": post.body,
        "body_html": str(post_body_html(post.body)) if post.body else "",
        "moment": post.moment,
        "moment_label": post.moment_label,
        "is_answer": post.is_answer,
        "like_count": post.like_count,
        "liked": liked,
        "editable": editable,
        "editable_until": selectors.post_editable_until(post) if editable else None,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
    }


def _thread(view: selectors.ThreadView, *, viewer, liked: set[int], now, request) -> dict:
    thread = view.thread
    path = reverse("discussions:class_discussion", args=[thread.cohort_id, thread.lesson_id])
    return {
        "id": thread.pk,
        "cohort_id": thread.cohort_id,
        "lesson_id": thread.lesson_id,
        "title": thread.title,
        "author": _author(thread.author),
        "from_prompt": thread.from_prompt,
        "pinned": thread.pinned,
        "closed": thread.closed,
        "hidden": thread.hidden,
        "answered": thread.answered,
        "reply_count": thread.reply_count,
        "followed": view.followed,
        "created_at": thread.created_at,
        "last_activity_at": thread.last_activity_at,
        "url": request.build_absolute_uri(f"{path}#thread-{thread.pk}"),
        "posts": [
            _post(post, viewer=viewer, liked=post.pk in liked, now=now) for post in view.posts
        ],
    }


def _private(response: Response) -> Response:
    response["Cache-Control"] = "private, no-store"
    return response


# --- The policy and the lookups ------------------------------------------------------------


def _readable(user, *, cohort: Cohort, lesson: LessonPage, now) -> DiscussionAccess:
    """The policy's answer, or a 403 with its sentence."""
    access = discussion_access(user=user, cohort=cohort, lesson=lesson, now=now)
    if not access.can_read:
        raise PermissionDenied(access.message or "This discussion is not open to you.")
    return access


def _thread_for(request, thread_id: int, now):
    thread = get_object_or_404(
        Thread.objects.select_related("cohort", "lesson", "author"), pk=thread_id
    )
    access = _readable(request.user, cohort=thread.cohort, lesson=thread.lesson, now=now)
    if thread.hidden and not access.can_moderate:
        raise exceptions.NotFound("No such thread.")
    return thread, access


def _post_for(request, post_id: int, now):
    post = get_object_or_404(
        Post.objects.select_related("thread__cohort", "thread__lesson", "author"), pk=post_id
    )
    access = _readable(request.user, cohort=post.thread.cohort, lesson=post.thread.lesson, now=now)
    if not selectors.post_visible(post=post, viewer=request.user, access=access):
        raise exceptions.NotFound("No such post.")
    return post, access


def _post_response(post: Post, request, now, *, status_code: int = 200) -> Response:
    liked = post.likes.filter(user=request.user).exists()
    data = _post(post, viewer=request.user, liked=liked, now=now)
    return _private(Response(DiscussionPostSerializer(data).data, status=status_code))


def _thread_response(thread, access, request, now, *, status_code: int = 200) -> Response:
    detail = selectors.thread_detail(thread=thread, viewer=request.user, access=access)
    if detail is None:
        raise exceptions.NotFound("No such thread.")
    view, liked = detail
    data = _thread(view, viewer=request.user, liked=liked, now=now, request=request)
    return _private(Response(DiscussionThreadSerializer(data).data, status=status_code))


class DiscussionAPIView(APIView):
    """Signed-in callers only (401 otherwise); the services' ``ValidationError`` (by field)
    answers 400 naming the field, their ``PermissionDenied`` 403, ``RateLimited`` 429."""

    permission_classes = [IsAuthenticated]
    rate_limited = False

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            if hasattr(exc, "error_dict"):
                exc = exceptions.ValidationError(exc.message_dict)
            else:
                exc = exceptions.ValidationError({"non_field_errors": exc.messages})
        return super().handle_exception(exc)


def _validated(serializer_class, request, **kwargs) -> dict:
    data = serializer_class(data=request.data, **kwargs)
    data.is_valid(raise_exception=True)
    return data.validated_data


# --- Threads -------------------------------------------------------------------------------


class ThreadListView(DiscussionAPIView):
    rate_limited = True  # POST: the posting limit

    @extend_schema(
        operation_id="discussion_threads",
        summary="A class's threads on a lesson, a page at a time",
        description="Pinned first, then by latest activity, with the posts I may see. "
        "`around` narrows to threads with a post within 30 seconds of that moment.",
        parameters=[
            OpenApiParameter("page", int, description="Page number (1 first)."),
            OpenApiParameter(
                "around", float, description="A moment (seconds): only threads discussing it."
            ),
        ],
        responses={200: DiscussionThreadPageSerializer, 400: ApiErrorSerializer},
        tags=TAGS,
    )
    def get(self, request, cohort_id: int, lesson_id: int):
        now = timezone.now()
        cohort = get_object_or_404(Cohort, pk=cohort_id)
        lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
        access = _readable(request.user, cohort=cohort, lesson=lesson, now=now)
        page_number = request.query_params.get("page", "1")
        if not page_number.isdigit() or not 1 <= int(page_number) <= 10_000:
            raise exceptions.ValidationError({"page": ["A page number from 1 to 10000."]})
        around = None
        if request.query_params.get("around", "") != "":
            try:
                around = services.clean_moment(request.query_params["around"])
            except DjangoValidationError as error:
                raise exceptions.ValidationError({"around": error.message_dict["moment"]}) from None
        page = selectors.discussion_page(
            cohort=cohort,
            lesson=lesson,
            viewer=request.user,
            access=access,
            page_number=int(page_number),
            per_page=settings.DISCUSSION_THREADS_PER_PAGE,
            around=around,
        )
        liked = page.liked_post_ids
        data = {
            "cohort_id": cohort.pk,
            "lesson_id": lesson.pk,
            "prompt": selectors.lesson_discussion_prompt(lesson),
            "page": page.page.number,
            "has_next": page.page.has_next,
            "has_previous": page.page.has_previous,
            "around": page.around,
            "moments": page.moments,
            "access": {
                "can_read": access.can_read,
                "can_post": access.can_post,
                "can_moderate": access.can_moderate,
                "reason": access.reason,
                "message": access.message,
            },
            "threads": [
                _thread(view, viewer=request.user, liked=liked, now=now, request=request)
                for view in page.threads
            ],
        }
        return _private(Response(DiscussionThreadPageSerializer(data).data))

    @extend_schema(
        operation_id="discussion_thread_create",
        summary="Start a thread (from the lesson's prompt, or on my own)",
        description="Its first post is `body`, optionally at a `moment` of the video. A post "
        "with a link, or from a new account, is held for a moderator (`status` pending).",
        request=DiscussionThreadCreateSerializer,
        responses={201: DiscussionThreadSerializer},
        tags=TAGS,
    )
    def post(self, request, cohort_id: int, lesson_id: int):
        now = timezone.now()
        cohort = get_object_or_404(Cohort, pk=cohort_id)
        lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
        data = _validated(DiscussionThreadCreateSerializer, request)
        thread = services.thread_create(
            author=request.user,
            cohort=cohort,
            lesson=lesson,
            title=data["title"],
            body=data["body"],
            moment=data.get("moment"),
            from_prompt=data["from_prompt"],
            now=now,
        )
        access = discussion_access(user=request.user, cohort=cohort, lesson=lesson, now=now)
        return _thread_response(thread, access, request, now, status_code=201)


class ThreadDetailView(DiscussionAPIView):
    @extend_schema(
        operation_id="discussion_thread",
        summary="A thread with its posts",
        responses={200: DiscussionThreadSerializer},
        tags=TAGS,
    )
    def get(self, request, thread_id: int):
        now = timezone.now()
        thread, access = _thread_for(request, thread_id, now)
        return _thread_response(thread, access, request, now)


class ThreadPostsView(DiscussionAPIView):
    rate_limited = True

    @extend_schema(
        operation_id="discussion_reply",
        summary="Reply in a thread",
        description="To `reply_to` (a published post of the thread), else to its opening post; "
        "its author and the thread's followers are notified.",
        request=DiscussionPostCreateSerializer,
        responses={201: DiscussionPostSerializer},
        tags=TAGS,
    )
    def post(self, request, thread_id: int):
        now = timezone.now()
        thread, _ = _thread_for(request, thread_id, now)
        data = _validated(DiscussionPostCreateSerializer, request)
        reply_to = None
        if data.get("reply_to") is not None:
            reply_to = Post.objects.filter(pk=data["reply_to"], thread=thread).first()
            if reply_to is None:
                raise exceptions.ValidationError({"reply_to": ["No such post in this thread."]})
        post = services.post_reply(
            author=request.user,
            thread=thread,
            body=data["body"],
            moment=data.get("moment"),
            reply_to=reply_to,
            now=now,
        )
        return _post_response(post, request, now, status_code=201)


class ThreadFollowView(DiscussionAPIView):
    @extend_schema(
        operation_id="discussion_thread_follow",
        summary="Follow a thread (hear about its new posts)",
        request=None,
        responses={200: DiscussionFollowSerializer},
        tags=TAGS,
    )
    def post(self, request, thread_id: int):
        return self._set(request, thread_id, follow=True)

    @extend_schema(
        operation_id="discussion_thread_unfollow",
        summary="Stop following a thread",
        request=None,
        responses={200: DiscussionFollowSerializer},
        tags=TAGS,
    )
    def delete(self, request, thread_id: int):
        return self._set(request, thread_id, follow=False)

    def _set(self, request, thread_id: int, *, follow: bool) -> Response:
        now = timezone.now()
        thread, _ = _thread_for(request, thread_id, now)
        followed = services.thread_follow(user=request.user, thread=thread, follow=follow, now=now)
        return _private(Response(DiscussionFollowSerializer({"followed": followed}).data))


class ThreadModerateView(DiscussionAPIView):
    @extend_schema(
        operation_id="discussion_thread_moderate",
        summary="Pin, close or hide a thread (coaches of the class and staff)",
        description="Each of `pinned`, `closed`, `hidden` is optional; a closed thread takes no "
        "new posts, a hidden one is shown to moderators only.",
        request=DiscussionThreadModerateSerializer,
        responses={200: DiscussionThreadSerializer},
        tags=TAGS,
    )
    def post(self, request, thread_id: int):
        now = timezone.now()
        thread, access = _thread_for(request, thread_id, now)
        data = _validated(DiscussionThreadModerateSerializer, request)
        thread = services.thread_moderate(
            moderator=request.user,
            thread=thread,
            pinned=data["pinned"],
            closed=data["closed"],
            hidden=data["hidden"],
            now=now,
        )
        return _thread_response(thread, access, request, now)


# --- Posts ---------------------------------------------------------------------------------


class PostDetailView(DiscussionAPIView):
    @extend_schema(
        operation_id="discussion_post",
        summary="A post",
        responses={200: DiscussionPostSerializer},
        tags=TAGS,
    )
    def get(self, request, post_id: int):
        now = timezone.now()
        post, _ = _post_for(request, post_id, now)
        return _post_response(post, request, now)

    @extend_schema(
        operation_id="discussion_post_edit",
        summary="Edit my post (within 15 minutes of posting)",
        description="The edit window is `DISCUSSION_EDIT_MINUTES`; an edit that adds a link "
        "goes back to the moderators.",
        request=DiscussionPostEditSerializer,
        responses={200: DiscussionPostSerializer},
        tags=TAGS,
    )
    def patch(self, request, post_id: int):
        now = timezone.now()
        post, _ = _post_for(request, post_id, now)
        data = _validated(DiscussionPostEditSerializer, request)
        moment = data.get("moment", post.moment)
        post = services.post_edit(
            user=request.user, post=post, body=data["body"], moment=moment, now=now
        )
        return _post_response(post, request, now)

    @extend_schema(
        operation_id="discussion_post_delete",
        summary="Delete my post",
        description="Its text goes; its place in the thread stays (status `deleted`).",
        request=None,
        responses={200: DiscussionPostSerializer},
        tags=TAGS,
    )
    def delete(self, request, post_id: int):
        now = timezone.now()
        post, _ = _post_for(request, post_id, now)
        post = services.post_delete(user=request.user, post=post, now=now)
        return _post_response(post, request, now)


class PostLikeView(DiscussionAPIView):
    rate_limited = True

    @extend_schema(
        operation_id="discussion_post_like",
        summary="Like a post (once per person, however often asked)",
        request=None,
        responses={200: DiscussionLikeSerializer, 400: ApiErrorSerializer},
        tags=TAGS,
    )
    def post(self, request, post_id: int):
        now = timezone.now()
        post, _ = _post_for(request, post_id, now)
        services.post_like(user=request.user, post=post, now=now)
        return self._answer(post, liked=True)

    @extend_schema(
        operation_id="discussion_post_unlike",
        summary="Take my like back",
        request=None,
        responses={200: DiscussionLikeSerializer},
        tags=TAGS,
    )
    def delete(self, request, post_id: int):
        now = timezone.now()
        post, _ = _post_for(request, post_id, now)
        services.post_unlike(user=request.user, post=post)
        return self._answer(post, liked=False)

    def _answer(self, post: Post, *, liked: bool) -> Response:
        post.refresh_from_db(fields=["like_count"])
        data = {"liked": liked, "like_count": post.like_count}
        return _private(Response(DiscussionLikeSerializer(data).data))


class PostAnswerView(DiscussionAPIView):
    @extend_schema(
        operation_id="discussion_post_mark_answer",
        summary="Mark a post as the coach's answer (coaches of the class and staff)",
        description="The thread's author is notified.",
        request=None,
        responses={200: DiscussionPostSerializer, 400: ApiErrorSerializer},
        tags=TAGS,
    )
    def post(self, request, post_id: int):
        return self._set(request, post_id, answer=True)

    @extend_schema(
        operation_id="discussion_post_unmark_answer",
        summary="Unmark the coach's answer",
        request=None,
        responses={200: DiscussionPostSerializer, 400: ApiErrorSerializer},
        tags=TAGS,
    )
    def delete(self, request, post_id: int):
        return self._set(request, post_id, answer=False)

    def _set(self, request, post_id: int, *, answer: bool) -> Response:
        now = timezone.now()
        post, _ = _post_for(request, post_id, now)
        post = services.post_mark_answer(moderator=request.user, post=post, answer=answer, now=now)
        return _post_response(post, request, now)


class PostModerateView(DiscussionAPIView):
    @extend_schema(
        operation_id="discussion_post_moderate",
        summary="Hide a post, or publish a held one (coaches of the class and staff)",
        description="Resolves the post's open reports.",
        request=DiscussionPostModerateSerializer,
        responses={200: DiscussionPostSerializer},
        tags=TAGS,
    )
    def post(self, request, post_id: int):
        now = timezone.now()
        post, _ = _post_for(request, post_id, now)
        data = _validated(DiscussionPostModerateSerializer, request)
        post = services.post_moderate(
            moderator=request.user, post=post, publish=data["action"] == "publish", now=now
        )
        return _post_response(post, request, now)


class PostReportView(DiscussionAPIView):
    rate_limited = True

    @extend_schema(
        operation_id="discussion_post_report",
        summary="Report a post to the moderators",
        description="Reporting the same post again keeps the first report.",
        request=DiscussionReportCreateSerializer,
        responses={201: DiscussionReportSerializer},
        tags=TAGS,
    )
    def post(self, request, post_id: int):
        now = timezone.now()
        post, _ = _post_for(request, post_id, now)
        data = _validated(DiscussionReportCreateSerializer, request)
        report = services.post_report(
            user=request.user, post=post, reason=data.get("reason", ""), now=now
        )
        body = {
            "id": report.pk,
            "post_id": post.pk,
            "reason": report.reason,
            "created_at": report.created_at,
        }
        return _private(
            Response(DiscussionReportSerializer(body).data, status=status.HTTP_201_CREATED)
        )


# --- Notifications -------------------------------------------------------------------------


def _notification(item: Notification, request) -> dict:
    post, thread = item.post, item.post.thread
    who = post.author.get_full_name() or "Someone in your class"
    return {
        "id": item.pk,
        "reason": item.reason,
        "message": f"{who} {item.get_reason_display()}",
        "read": item.read_at is not None,
        "created_at": item.created_at,
        "post_id": post.pk,
        "thread_id": thread.pk,
        "thread_title": thread.title,
        "lesson_title": thread.lesson.title,
        "moment": post.moment,
        "url": request.build_absolute_uri(reverse("discussions:notification_open", args=[item.pk])),
    }


class NotificationListView(DiscussionAPIView):
    @extend_schema(
        operation_id="discussion_notifications",
        summary="My discussion notifications (latest 50) and how many are unread",
        responses={200: DiscussionNotificationListSerializer},
        tags=TAGS,
    )
    def get(self, request):
        items = selectors.notifications_list(user=request.user)
        data = {
            "unread_count": selectors.notifications_unread_count(user=request.user),
            "results": [_notification(item, request) for item in items],
        }
        return _private(Response(DiscussionNotificationListSerializer(data).data))


class NotificationReadView(DiscussionAPIView):
    @extend_schema(
        operation_id="discussion_notifications_mark_read",
        summary="Mark my notifications read (all, or those listed in `ids`)",
        request=DiscussionMarkReadSerializer,
        responses={200: DiscussionMarkedReadSerializer},
        tags=TAGS,
    )
    def post(self, request):
        data = _validated(DiscussionMarkReadSerializer, request)
        marked = services.notifications_mark_read(
            user=request.user, notification_ids=data.get("ids")
        )
        body = {
            "marked": marked,
            "unread_count": selectors.notifications_unread_count(user=request.user),
        }
        return _private(Response(DiscussionMarkedReadSerializer(body).data))
