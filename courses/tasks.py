"""Celery entry points of the ``courses`` app: take ids, call a service, nothing else.

The schedule is ``CELERY_BEAT_SCHEDULE`` in ``cms/settings/base.py``; django-celery-beat's
DatabaseScheduler copies it into its tables each time beat starts (idempotent). The emails
themselves are sent by the outbox's tasks (``outbox.send``, ``outbox.sweep``).
"""

from celery import shared_task

from courses import digests, notices, releases


@shared_task(name="courses.release_due_weeks")
def release_due_weeks() -> int:
    return len(releases.release_due_weeks())


@shared_task(name="courses.release_fan_out")
def release_fan_out(release_id: int) -> int:
    return len(notices.release_notices_create(release_id=release_id))


@shared_task(name="courses.send_weekly_digests")
def send_weekly_digests() -> int:
    return len(digests.digests_prepare())
