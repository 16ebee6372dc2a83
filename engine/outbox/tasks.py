"""Celery entry points of the outbox: take ids, call the sender, nothing else."""

from celery import shared_task

from engine.outbox import sending, services
from engine.outbox.retry import NETWORK_TASK_OPTIONS


@shared_task(name="outbox.send", **NETWORK_TASK_OPTIONS)
def send_outbox_emails(email_ids: list[int]) -> int:
    return sending.outbox_send(ids=email_ids).sent


@shared_task(name="outbox.sweep")
def sweep_outbox() -> int:
    return services.outbox_sweep()
