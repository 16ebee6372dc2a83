"""Celery entry points of the Slack room (ids in, a service call, nothing else)."""

from celery import shared_task


@shared_task(name="slack_sync.membership_sync")
def membership_sync(membership_id: int) -> str | None:
    from community.slack.services import membership_sync as sync

    membership = sync(membership_id=membership_id)
    return membership.actual if membership else None


@shared_task(name="slack_sync.reconcile")
def reconcile() -> dict:
    from community.slack.services import slack_reconcile

    return slack_reconcile()
