"""Discussion emails: one per immediate notification, one daily digest per person.

Exactly once rests on the database: a notification's ``email`` is set in the transaction that
writes its outbox row (key ``discussion_notification:<id>``), under the notification's row
lock, so a duplicated task or a retry writes nothing more; a digest's outbox key is
``discussion_digest:<user>:<local date>`` and its notifications are attached to it in the same
transaction, so a second run in the same hour (or a concurrent twin) sends nothing twice.
The outbox claims a row before sending it. Every email carries an unsubscribe link (a signed
token: one click turns discussion emails off) and asks the access policy again.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from community.discussions.email_kinds import DISCUSSION_DIGEST_KIND, DISCUSSION_NOTIFICATION_KIND
from community.discussions.models import (
    DiscussionPreference,
    Notification,
    NotificationDelivery,
)
from courses.selectors.access import discussion_access
from engine.outbox.models import OutboxEmail
from engine.outbox.services import outbox_email_enqueue, outbox_email_send_now

_UNSUBSCRIBE_SALT = "discussions.unsubscribe"


def unsubscribe_token(*, user_id: int) -> str:
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign(str(user_id))


def unsubscribe_token_user_id(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def unsubscribe_url(user_id: int) -> str:
    path = reverse("discussions:unsubscribe", args=[unsubscribe_token(user_id=user_id)])
    return settings.SITE_URL + path


def post_url(post) -> str:
    """Where a post lives: its lesson page, in its class's discussion, at the post."""
    lesson_url = post.thread.lesson.get_url() or "/"
    if lesson_url.startswith("/"):
        lesson_url = settings.SITE_URL + lesson_url
    return f"{lesson_url}?class={post.thread.cohort_id}#{post.anchor}"


def _still_readable(notification: Notification, now: datetime) -> bool:
    thread = notification.post.thread
    return (
        notification.recipient.is_active
        and bool(notification.recipient.email)
        and notification.post.status == notification.post.Status.PUBLISHED
        and discussion_access(
            user=notification.recipient, cohort=thread.cohort, lesson=thread.lesson, now=now
        ).can_read
    )


def _item(notification: Notification) -> dict:
    post = notification.post
    return {
        "who": post.author.get_full_name() or "Someone in your class",
        "what": notification.get_reason_display(),
        "thread": post.thread.title,
        "lesson": post.thread.lesson.title,
        "excerpt": str(post),
        "moment": post.moment_label,
        "url": post_url(post),
    }


def notification_email_send(*, notification_id: int, now: datetime | None = None) -> bool:
    """Email one immediate notification; True if an email went out in this call."""
    now = now or timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related(
                "recipient", "post__author", "post__thread__cohort", "post__thread__lesson"
            )
            .filter(pk=notification_id, delivery=NotificationDelivery.IMMEDIATE)
            .first()
        )
        if notification is None:
            return False
        if notification.email_id is None:
            if not _still_readable(notification, now):
                return False
            recipient = notification.recipient
            context = {
                "recipient": recipient,
                "items": [_item(notification)],
                "unsubscribe_url": unsubscribe_url(recipient.pk),
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            item = context["items"][0]
            email, _ = outbox_email_enqueue(
                kind=DISCUSSION_NOTIFICATION_KIND,
                key=f"{DISCUSSION_NOTIFICATION_KIND}:{notification.pk}",
                to=[recipient.email],
                subject=f"{settings.EMAIL_SUBJECT_PREFIX}{item['who']} {item['what']}",
                text=render_to_string("discussions/emails/notification.txt", context),
                html=render_to_string("discussions/emails/notification.html", context),
                headers={"List-Unsubscribe": f"<{context['unsubscribe_url']}>"},
                now=now,
            )
            Notification.objects.filter(pk=notification.pk).update(email=email)
        else:
            email = OutboxEmail.objects.get(pk=notification.email_id)
    return outbox_email_send_now(email=email)


def _local_now(preference: DiscussionPreference, now: datetime) -> datetime:
    try:
        zone = zoneinfo.ZoneInfo(preference.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return now.astimezone(zone)


def discussion_digests_send(*, now: datetime | None = None) -> int:
    """Write (and send) today's digest for everyone whose local digest hour it is now.

    Runs hourly. Returns how many digests this call wrote.
    """
    now = now or timezone.now()
    written: list[OutboxEmail] = []
    due_users = (
        Notification.objects.filter(
            delivery=NotificationDelivery.DIGEST, email__isnull=True, created_at__lte=now
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    preferences = DiscussionPreference.objects.filter(
        user_id__in=due_users, delivery=NotificationDelivery.DIGEST
    ).select_related("user")
    for preference in preferences:
        local = _local_now(preference, now)
        if local.hour != preference.digest_hour:
            continue
        email = _digest_write(preference=preference, local_date=local.date().isoformat(), now=now)
        if email is not None:
            written.append(email)
    for email in written:
        outbox_email_send_now(email=email)
    return len(written)


def _digest_write(*, preference: DiscussionPreference, local_date: str, now: datetime):
    user = preference.user
    key = f"{DISCUSSION_DIGEST_KIND}:{user.pk}:{local_date}"
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(of=("self",))
            .select_related(
                "recipient", "post__author", "post__thread__cohort", "post__thread__lesson"
            )
            .filter(
                recipient=user,
                delivery=NotificationDelivery.DIGEST,
                email__isnull=True,
                created_at__lte=now,
            )
            .order_by("created_at", "pk")
        )
        if not pending or OutboxEmail.objects.filter(key=key).exists():
            return None  # nothing new, or today's digest went already (the rest waits a day)
        readable = [n for n in pending if _still_readable(n, now)]
        if not readable:
            return None
        context = {
            "recipient": user,
            "items": [_item(n) for n in readable],
            "unsubscribe_url": unsubscribe_url(user.pk),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "digest": True,
        }
        email, created = outbox_email_enqueue(
            kind=DISCUSSION_DIGEST_KIND,
            key=key,
            to=[user.email],
            subject=f"{settings.EMAIL_SUBJECT_PREFIX}Today in your class's discussions "
            f"({len(readable)} new)",
            text=render_to_string("discussions/emails/notification.txt", context),
            html=render_to_string("discussions/emails/notification.html", context),
            headers={"List-Unsubscribe": f"<{context['unsubscribe_url']}>"},
            now=now,
        )
        if not created:
            return None
        Notification.objects.filter(pk__in=[n.pk for n in readable]).update(email=email)
    return email
