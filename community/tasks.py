"""Celery entry points of the community app: take ids, call a function, nothing else."""

from celery import shared_task

from cms.celery import NETWORK_TASK_OPTIONS
from community.emails import comment_reply_email_send


@shared_task(name="community.comment_reply_notify", **NETWORK_TASK_OPTIONS)
def comment_reply_notify(reply_id: int) -> bool:
    """Email the parent comment's author about a published reply (at most once per reply)."""
    return comment_reply_email_send(reply_id=reply_id)
