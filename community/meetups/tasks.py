"""Celery entry points of meetups (ids in, a service call, nothing else)."""

from celery import shared_task


@shared_task(name="meetups.rsvp_confirmation_send")
def rsvp_confirmation_send(rsvp_id: int) -> bool:
    from community.meetups.emails import rsvp_email_send

    return rsvp_email_send(rsvp_id=rsvp_id, kind="meetup_rsvp")


@shared_task(name="meetups.rsvp_promoted_send")
def rsvp_promoted_send(rsvp_id: int) -> bool:
    from community.meetups.emails import rsvp_email_send

    return rsvp_email_send(rsvp_id=rsvp_id, kind="meetup_promoted")


@shared_task(name="meetups.reminders_send")
def reminders_send() -> int:
    from community.meetups.emails import reminders_send as send

    return send()


@shared_task(name="meetups.announcement_send")
def announcement_send(meetup_id: int) -> int:
    from community.meetups.emails import announcement_send as send

    return send(meetup_id=meetup_id)
