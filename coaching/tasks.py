"""Celery entry points of ``coaching``: call a service, nothing else."""

from celery import shared_task

from coaching import reminders


@shared_task(name="coaching.journal_reminders_send")
def journal_reminders_send() -> int:
    return len(reminders.journal_reminders_send())
