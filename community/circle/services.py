"""Writes of the executive peer circle: start a thread, reply, moderate. Text follows the
lesson discussions' rules (``community.discussions.services.clean_title`` / ``clean_body``),
and posts share their rate limit (``discussion_post``: one posting budget per person)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cms.rate_limits import rate_limit_consume, user_key
from community.circle.access import circle_access
from community.circle.models import CirclePost, CircleThread
from community.discussions.services import POSTING_REFUSED, clean_body, clean_title

MODERATION_ACTIONS = {
    "pin": ("pinned", True),
    "unpin": ("pinned", False),
    "close": ("closed", True),
    "reopen": ("closed", False),
    "hide": ("hidden", True),
    "unhide": ("hidden", False),
}


def _require_post(user) -> None:
    access = circle_access(user=user)
    if not access.can_post:
        raise PermissionDenied(access.message)


def _count_post(user, now: datetime) -> None:
    rate_limit_consume(
        scope="discussion_post", key=user_key(user), refused=POSTING_REFUSED, now=now
    )


def circle_thread_create(
    *, user, title: str, body: str, now: datetime | None = None
) -> CircleThread:
    _require_post(user)
    title, body = clean_title(title), clean_body(body)
    now = now or timezone.now()
    with transaction.atomic():
        _count_post(user, now)
        thread = CircleThread.objects.create(
            author=user, title=title, created_at=now, last_activity_at=now
        )
        CirclePost.objects.create(thread=thread, author=user, body=body, created_at=now)
    return thread


def circle_reply(*, user, thread: CircleThread, body: str, now=None) -> CirclePost:
    _require_post(user)
    body = clean_body(body)
    now = now or timezone.now()
    with transaction.atomic():
        locked = CircleThread.objects.select_for_update().get(pk=thread.pk)
        if locked.closed or locked.hidden:
            raise PermissionDenied("This thread is closed to new posts.")
        _count_post(user, now)
        post = CirclePost.objects.create(thread=locked, author=user, body=body, created_at=now)
        CircleThread.objects.filter(pk=locked.pk).update(
            reply_count=F("reply_count") + 1, last_activity_at=now
        )
    return post


def circle_thread_moderate(*, moderator, thread: CircleThread, action: str) -> CircleThread:
    if not circle_access(user=moderator).can_moderate:
        raise PermissionDenied("Only coaches and staff moderate the circle.")
    if action not in MODERATION_ACTIONS:
        raise PermissionDenied(f"Unknown action '{action}'.")
    field, value = MODERATION_ACTIONS[action]
    CircleThread.objects.filter(pk=thread.pk).update(**{field: value})
    setattr(thread, field, value)
    return thread


def circle_post_hide(*, moderator, post: CirclePost, hidden: bool = True) -> CirclePost:
    if not circle_access(user=moderator).can_moderate:
        raise PermissionDenied("Only coaches and staff moderate the circle.")
    CirclePost.objects.filter(pk=post.pk).update(hidden=hidden)
    post.hidden = hidden
    return post
