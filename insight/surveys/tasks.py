"""Celery entry points of ``insight.surveys``: call a service, nothing else."""

from celery import shared_task

from insight.surveys.triggers import survey_invitations_send


@shared_task(name="surveys.invitations_send")
def invitations_send() -> int:
    invited, _emails = survey_invitations_send()
    return invited
