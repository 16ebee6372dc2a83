"""Who hears about a discussion post, and how: one ``Notification`` row per person, post and
reason (a unique triple), written in the post's transaction.

Reasons: a reply to my post (``reply``), a new post in a thread I follow (``followed``), a
coach's answer in my thread (``answer``). Each recipient gets one row per post, the most
specific reason. The row records the recipient's choice (``DiscussionPreference``):
``immediate`` rows are emailed after commit (``emails.notification_email_send``),
``digest`` rows wait for the daily digest at the recipient's local hour, ``off`` rows only
appear in the site's list. Recipients who may no longer read the discussion (refunded,
another class) are not told.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from community.discussions.models import (
    DiscussionPreference,
    Notification,
    NotificationDelivery,
    Post,
    ThreadFollow,
)
from community.discussions.selectors import notifications_unread_forget
from courses.selectors.access import discussion_access


def _deliveries(user_ids: list[int]) -> dict[int, str]:
    chosen = dict(
        DiscussionPreference.objects.filter(user_id__in=user_ids).values_list("user_id", "delivery")
    )
    return {uid: chosen.get(uid, NotificationDelivery.IMMEDIATE) for uid in user_ids}


def _write(*, post: Post, recipients: dict[int, str], now: datetime) -> list[Notification]:
    """Insert the rows (a duplicate of an existing triple is skipped) and email after commit."""
    if not recipients:
        return []
    from django.contrib.auth import get_user_model

    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=recipients, is_active=True)}
    thread = post.thread
    readers = {
        uid
        for uid, user in users.items()
        if discussion_access(
            user=user, cohort=thread.cohort, lesson=thread.lesson, now=now
        ).can_read
    }
    deliveries = _deliveries(sorted(readers))
    rows = [
        Notification(
            recipient_id=uid,
            post=post,
            reason=recipients[uid],
            delivery=deliveries[uid],
            created_at=now,
        )
        for uid in sorted(readers)
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    notifications_unread_forget(sorted(readers))
    immediate = list(
        Notification.objects.filter(
            post=post,
            recipient_id__in=[r.recipient_id for r in rows],
            delivery=NotificationDelivery.IMMEDIATE,
            email__isnull=True,
        ).values_list("pk", flat=True)
    )
    if immediate:
        from community.discussions import tasks

        for pk in immediate:
            transaction.on_commit(lambda pk=pk: tasks.discussion_notification_email.delay(pk))
    return rows


def notifications_for_new_post(*, post: Post, now: datetime) -> list[Notification]:
    """A post went live: tell the author it replies to, then the thread's followers."""
    recipients: dict[int, str] = {}
    if post.reply_to_id is not None:
        replied_author = (
            Post.objects.filter(pk=post.reply_to_id).values_list("author_id", flat=True).first()
        )
        if replied_author is not None:
            recipients[replied_author] = Notification.Reason.REPLY
    for uid in ThreadFollow.objects.filter(thread_id=post.thread_id).values_list(
        "user_id", flat=True
    ):
        recipients.setdefault(uid, Notification.Reason.FOLLOWED)
    recipients.pop(post.author_id, None)
    return _write(post=post, recipients=recipients, now=now)


def notification_for_answer(*, post: Post, now: datetime) -> list[Notification]:
    """A coach marked ``post`` as the answer: the thread's author hears (unless they wrote it)."""
    author_id = post.thread.author_id
    if author_id == post.author_id:
        return []
    return _write(post=post, recipients={author_id: Notification.Reason.ANSWER}, now=now)
