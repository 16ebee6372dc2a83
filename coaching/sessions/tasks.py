"""Celery entry points of live sessions (a service call, nothing else)."""

from celery import shared_task


@shared_task(name="live_sessions.reminders_send")
def reminders_send() -> int:
    from coaching.sessions.reminders import live_session_reminders_send

    return len(live_session_reminders_send())
