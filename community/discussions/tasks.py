"""Celery entry points of lesson discussions: take ids, call a function, nothing else."""

from celery import shared_task

from cms.celery import NETWORK_TASK_OPTIONS
from community.discussions.emails import discussion_digests_send, notification_email_send


@shared_task(name="discussions.notification_email", **NETWORK_TASK_OPTIONS)
def discussion_notification_email(notification_id: int) -> bool:
    """Email one immediate notification (at most once)."""
    return notification_email_send(notification_id=notification_id)


@shared_task(name="discussions.digests_send", **NETWORK_TASK_OPTIONS)
def discussion_digests() -> int:
    """Hourly: the daily digest for everyone whose local digest hour it is."""
    return discussion_digests_send()
