"""Every write to a lesson discussion (HackSoft-style services).

* **Who**: ``courses.selectors.access.discussion_access`` decides, for every caller (pages,
  API). Students post once the week is released for their class; transferred students read
  their old class; coaches and staff moderate.
* **Held for moderation** by the hold rule shared with article comments
  (``community.moderation``: links, new accounts); moderators publish directly.
* **Rate limits**: ``RATE_LIMITS["discussion_post"|"discussion_like"|"discussion_report"]``
  through the one limiter (cms/rate_limits.py), counted in the write's transaction.
* **Likes** are a unique (post, user) row; the count moves only when a row was inserted, so
  concurrent double-clicks count once.
* **Notifications** are written in the post's transaction (``notifications.py``), emailed
  after commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cms.rate_limits import rate_limit_consume, user_key
from community.discussions import notifications
from community.discussions.models import (
    POST_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    DiscussionPreference,
    Notification,
    NotificationDelivery,
    Post,
    PostLike,
    PostReport,
    Thread,
    ThreadFollow,
)
from community.discussions.selectors import notifications_unread_forget
from community.discussions.versions import discussion_version_bump
from community.moderation import ugc_held_reasons
from courses.models import Cohort, LessonPage
from courses.selectors.access import DiscussionAccess, discussion_access

POSTING_REFUSED = "You're posting too fast"
LIKING_REFUSED = "You're liking too fast"
REPORTING_REFUSED = "You're reporting too fast"


@dataclass(frozen=True)
class Where:
    cohort: Cohort
    lesson: LessonPage


def _access(*, user, cohort: Cohort, lesson: LessonPage, now: datetime) -> DiscussionAccess:
    return discussion_access(user=user, cohort=cohort, lesson=lesson, now=now)


def _require_post(user, thread_or_where, now: datetime) -> DiscussionAccess:
    access = _access(
        user=user, cohort=thread_or_where.cohort, lesson=thread_or_where.lesson, now=now
    )
    if not access.can_post:
        raise PermissionDenied(access.message or "You cannot post in this discussion.")
    return access


def _require_moderate(user, thread: Thread, now: datetime) -> None:
    access = _access(user=user, cohort=thread.cohort, lesson=thread.lesson, now=now)
    if not access.can_moderate:
        raise PermissionDenied("Only the class's coaches and staff can do that.")


def clean_body(body: str | None) -> str:
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        raise ValidationError({"body": "Write something before posting."})
    if len(body) > POST_MAX_LENGTH:
        raise ValidationError(
            {"body": f"Keep your post under {POST_MAX_LENGTH:,} characters (it has {len(body):,})."}
        )
    return body


def clean_title(title: str | None) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": "Give your thread a title."})
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            {"title": f"Keep the title under {TITLE_MAX_LENGTH} characters (it has {len(title)})."}
        )
    return title


def clean_moment(moment) -> float | None:
    if moment in (None, ""):
        return None
    try:
        value = float(moment)
    except (TypeError, ValueError):
        raise ValidationError({"moment": "The moment is a number of seconds, like 192."}) from None
    if value < 0 or value != value or value > 24 * 3600:  # NaN, negative or absurd
        raise ValidationError({"moment": "The moment must be between 0 and 24 hours of video."})
    return round(value, 3)


def _new_post(*, thread: Thread, author, body: str, moment, reply_to, access, now) -> Post:
    reasons = ugc_held_reasons(author=author, body=body, now=now, trusted=access.can_moderate)
    post = Post.objects.create(
        thread=thread,
        author=author,
        body=body,
        moment=moment,
        reply_to=reply_to,
        status=Post.Status.PENDING if reasons else Post.Status.PUBLISHED,
        held_reason="; ".join(reasons),
        created_at=now,
    )
    ThreadFollow.objects.get_or_create(thread=thread, user=author)
    if post.status == Post.Status.PUBLISHED:
        _after_publish(post, now=now)
    return post


def thread_create(
    *,
    author,
    cohort: Cohort,
    lesson: LessonPage,
    title: str,
    body: str,
    moment=None,
    from_prompt: bool = False,
    now: datetime | None = None,
) -> Thread:
    """Start a thread (its first post) in ``cohort``'s discussion of ``lesson``.

    Raises ``ValidationError`` (by field), ``PermissionDenied`` or ``RateLimited``; nothing
    is written then.
    """
    now = now or timezone.now()
    access = _require_post(author, Where(cohort, lesson), now)
    title, body, moment = clean_title(title), clean_body(body), clean_moment(moment)
    with transaction.atomic():
        rate_limit_consume(
            scope="discussion_post", key=user_key(author), refused=POSTING_REFUSED, now=now
        )
        thread = Thread.objects.create(
            cohort=cohort,
            lesson=lesson,
            author=author,
            title=title,
            from_prompt=from_prompt,
            created_at=now,
            last_activity_at=now,
        )
        _new_post(
            thread=thread, author=author, body=body, moment=moment, reply_to=None,
            access=access, now=now,
        )  # fmt: skip
    return thread


def post_reply(
    *, author, thread: Thread, body: str, moment=None, reply_to: Post | None = None,
    now: datetime | None = None,
) -> Post:  # fmt: skip
    """Reply in ``thread`` (to its opening post, or to ``reply_to``)."""
    now = now or timezone.now()
    access = _require_post(author, thread, now)
    body, moment = clean_body(body), clean_moment(moment)
    if reply_to is not None and (
        reply_to.thread_id != thread.pk or reply_to.status != Post.Status.PUBLISHED
    ):
        raise ValidationError(
            {"reply_to": "You can only reply to a published post of this thread."}
        )
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if (locked.closed or locked.hidden) and not access.can_moderate:
            raise PermissionDenied("This thread is closed to new posts.")
        rate_limit_consume(
            scope="discussion_post", key=user_key(author), refused=POSTING_REFUSED, now=now
        )
        if reply_to is None:
            reply_to = locked.posts.order_by("created_at", "pk").first()
        return _new_post(
            thread=locked, author=author, body=body, moment=moment, reply_to=reply_to,
            access=access, now=now,
        )  # fmt: skip


def _after_publish(post: Post, *, now: datetime) -> None:
    """A post went live: the thread's counters move and the people it concerns are told."""
    opening = post.reply_to_id is None
    Thread.objects.filter(pk=post.thread_id).update(
        last_activity_at=now, reply_count=F("reply_count") + (0 if opening else 1)
    )
    notifications.notifications_for_new_post(post=post, now=now)


def post_edit(*, user, post: Post, body: str, moment=None, now: datetime | None = None) -> Post:
    """The author edits their own post within ``DISCUSSION_EDIT_MINUTES`` of posting."""
    now = now or timezone.now()
    if post.author_id != user.pk:
        raise PermissionDenied("You can only edit your own posts.")
    _require_post(user, post.thread, now)
    if now - post.created_at > timedelta(minutes=settings.DISCUSSION_EDIT_MINUTES):
        raise PermissionDenied(
            f"Posts can be edited for {settings.DISCUSSION_EDIT_MINUTES} minutes after posting."
        )
    if post.status not in (Post.Status.PUBLISHED, Post.Status.PENDING):
        raise PermissionDenied("This post can no longer be edited.")
    body, moment = clean_body(body), clean_moment(moment)
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        locked.body, locked.moment, locked.edited_at = body, moment, now
        reasons = ugc_held_reasons(author=user, body=body, now=now, trusted=False)
        if reasons and locked.status == Post.Status.PUBLISHED:
            # An edit that adds a link goes back to the queue, as a new post would.
            access = _access(
                user=user, cohort=post.thread.cohort, lesson=post.thread.lesson, now=now
            )
            if not access.can_moderate:
                locked.status, locked.held_reason = Post.Status.PENDING, "; ".join(reasons)
        locked.save(update_fields=["body", "moment", "edited_at", "status", "held_reason"])
    return locked


def post_delete(*, user, post: Post, now: datetime | None = None) -> Post:
    """The author deletes their own post: its text goes, its place in the thread stays."""
    if post.author_id != user.pk:
        raise PermissionDenied("You can only delete your own posts.")
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        locked.status, locked.body, locked.moment = Post.Status.DELETED, "", None
        locked.is_answer = False
        locked.save(update_fields=["status", "body", "moment", "is_answer"])
    return locked


def post_like(*, user, post: Post, now: datetime | None = None) -> bool:
    """Like ``post``; True if this call added the like. A person likes a post once: the
    unique (post, user) row decides, so concurrent clicks count once."""
    now = now or timezone.now()
    _require_post(user, post.thread, now)
    if post.status != Post.Status.PUBLISHED:
        raise ValidationError({"post": "Only published posts can be liked."})
    with transaction.atomic():
        rate_limit_consume(
            scope="discussion_like", key=user_key(user), refused=LIKING_REFUSED, now=now
        )
        try:
            with transaction.atomic():
                PostLike.objects.create(post=post, user=user, created_at=now)
        except IntegrityError:
            return False
        Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
    return True


def post_unlike(*, user, post: Post) -> bool:
    with transaction.atomic():
        deleted, _ = PostLike.objects.filter(post=post, user=user).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update(like_count=F("like_count") - 1)
    return bool(deleted)


def thread_follow(
    *, user, thread: Thread, follow: bool = True, now: datetime | None = None
) -> bool:
    """Follow (or stop following) a thread; returns whether the user follows it now."""
    now = now or timezone.now()
    access = _access(user=user, cohort=thread.cohort, lesson=thread.lesson, now=now)
    if not access.can_read:
        raise PermissionDenied(access.message or "You cannot follow this thread.")
    if follow:
        ThreadFollow.objects.get_or_create(thread=thread, user=user)
    else:
        ThreadFollow.objects.filter(thread=thread, user=user).delete()
    return follow


def post_report(*, user, post: Post, reason: str = "", now: datetime | None = None) -> PostReport:
    """Ask a moderator to look at a post; reporting twice keeps the first report."""
    now = now or timezone.now()
    access = _access(user=user, cohort=post.thread.cohort, lesson=post.thread.lesson, now=now)
    if not access.can_read:
        raise PermissionDenied(access.message or "You cannot report this post.")
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise ValidationError({"reason": "Keep the reason under 500 characters."})
    with transaction.atomic():
        rate_limit_consume(
            scope="discussion_report", key=user_key(user), refused=REPORTING_REFUSED, now=now
        )
        report, _ = PostReport.objects.get_or_create(
            post=post, reporter=user, defaults={"reason": reason, "created_at": now}
        )
    return report


# --- Moderation: coaches of the class and staff --------------------------------------------


def thread_moderate(
    *, moderator, thread: Thread, pinned: bool | None = None, closed: bool | None = None,
    hidden: bool | None = None, now: datetime | None = None,
) -> Thread:  # fmt: skip
    """Pin, close or hide a thread (each optional)."""
    _require_moderate(moderator, thread, now or timezone.now())
    changes = {
        name: value
        for name, value in (("pinned", pinned), ("closed", closed), ("hidden", hidden))
        if value is not None
    }
    if changes:
        Thread.objects.filter(pk=thread.pk).update(**changes)
        discussion_version_bump(thread.cohort_id)
        for name, value in changes.items():
            setattr(thread, name, value)
    return thread


def post_mark_answer(
    *, moderator, post: Post, answer: bool = True, now: datetime | None = None
) -> Post:
    """Mark (or unmark) a published reply as the coach's answer; the thread's author is told."""
    now = now or timezone.now()
    _require_moderate(moderator, post.thread, now)
    with transaction.atomic():
        locked = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
        if locked.status != Post.Status.PUBLISHED:
            raise ValidationError({"post": "Only a published post can be the coach's answer."})
        if locked.is_answer == answer:
            return locked
        locked.is_answer = answer
        locked.save(update_fields=["is_answer"])
        answered = answer or locked.thread.posts.filter(is_answer=True).exists()
        Thread.objects.filter(pk=locked.thread_id).update(answered=answered)
        if answer:
            notifications.notification_for_answer(post=locked, now=now)
    return locked


def post_moderate(*, moderator, post: Post, publish: bool, now: datetime | None = None) -> Post:
    """Publish a held post, or hide a post (from the queue, or after a report)."""
    now = now or timezone.now()
    _require_moderate(moderator, post.thread, now)
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if publish and locked.status == Post.Status.PENDING:
            locked.status = Post.Status.PUBLISHED
            locked.save(update_fields=["status"])
            _after_publish(locked, now=now)
        elif not publish and locked.status in (Post.Status.PUBLISHED, Post.Status.PENDING):
            locked.status = Post.Status.HIDDEN
            locked.is_answer = False
            locked.save(update_fields=["status", "is_answer"])
        PostReport.objects.filter(post=locked, resolved_at__isnull=True).update(
            resolved_at=now, resolved_by=moderator
        )
    return locked


# --- Notifications: the site's list ----------------------------------------------------------


def notifications_mark_read(
    *, user, notification_ids: list[int] | None = None, now: datetime | None = None
) -> int:
    """Mark ``user``'s unread notifications read (all, or those of ``notification_ids``);
    how many changed. Other people's notifications are never touched."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    changed = unread.update(read_at=now or timezone.now())
    if changed:
        notifications_unread_forget([user.pk])
    return changed


# --- How a person hears about discussions by email --------------------------------------------


def discussion_preference_set(
    *,
    user,
    delivery: str,
    digest_hour: int | None = None,
    timezone_name: str | None = None,
) -> DiscussionPreference:
    """Store ``user``'s discussion email choice (the preferences page, its API, and the
    emails' unsubscribe link, which sets ``off``); values not given stay as they are."""
    if delivery not in NotificationDelivery.values:
        raise ValidationError({"discussion_delivery": f"Unknown choice {delivery!r}."})
    defaults: dict = {"delivery": delivery}
    if digest_hour is not None:
        defaults["digest_hour"] = digest_hour
    if timezone_name is not None:
        defaults["timezone"] = timezone_name
    preference, _ = DiscussionPreference.objects.update_or_create(user=user, defaults=defaults)
    return preference
