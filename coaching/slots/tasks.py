"""Celery entry points of 1:1 coaching (ids in, a service call, nothing else)."""

from celery import shared_task


@shared_task(name="coaching_slots.booking_confirmation_send")
def booking_confirmation_send(booking_id: int) -> bool:
    from coaching.slots.emails import booking_confirmation_send as send

    return send(booking_id=booking_id)


@shared_task(name="coaching_slots.reminders_send")
def reminders_send() -> int:
    from coaching.slots.emails import reminders_send as send

    return send()
