"""Celery entry points of the ``courses`` app: take ids, call a service, nothing else.

The schedule is ``CELERY_BEAT_SCHEDULE`` in ``cms/settings/base.py``; django-celery-beat's
DatabaseScheduler copies it into its tables each time beat starts (idempotent).
"""

from celery import shared_task

from cms.celery import NETWORK_TASK_OPTIONS
from courses import digests, releases


@shared_task(name="courses.release_due_weeks")
def release_due_weeks() -> int:
    return len(releases.release_due_weeks())


@shared_task(name="courses.release_fan_out")
def release_fan_out(release_id: int) -> int:
    return len(releases.release_notices_create(release_id=release_id))


@shared_task(name="courses.send_release_notices", **NETWORK_TASK_OPTIONS)
def send_release_notices(notice_ids: list[int]) -> int:
    return releases.release_notices_send(notice_ids=notice_ids).sent


@shared_task(name="courses.send_catch_up_notice", **NETWORK_TASK_OPTIONS)
def send_catch_up_notice(notice_id: int) -> int:
    return releases.catch_up_notice_send(notice_id=notice_id).sent


@shared_task(name="courses.send_weekly_digests")
def send_weekly_digests() -> int:
    return len(digests.digests_prepare())


@shared_task(name="courses.send_digest_notice", **NETWORK_TASK_OPTIONS)
def send_digest_notice(notice_id: int) -> int:
    return digests.digest_notice_send(notice_id=notice_id).sent
