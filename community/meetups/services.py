"""Writes of meetups: RSVP (or a place on the waitlist), cancel, check-in, the profile.

Every RSVP goes through the capacity engine under the meetup's row lock
(``engine.capacity.services.places_take``), so 30 people asking for 20 places at once get
20 RSVPs and 10 waitlist entries, never 21. A cancellation frees the place and the engine
announces it after the commit; the waitlist then offers it to the first in line, and
``MeetupPlaces.offer_made`` makes that offer an RSVP (``rsvp_from_waitlist_offer``).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from community.meetups.models import Meetup, MemberProfile, Rsvp, RsvpStatus
from community.meetups.selectors import may_attend
from engine.capacity.free_places import (
    PlaceOutcome,
    place_give_back,
    place_take_or_queue,
    record_cancel,
    waitlist_offer_take,
)
from engine.capacity.kinds import kind_for
from engine.capacity.models import WaitlistEntry

RsvpOutcome = PlaceOutcome[Rsvp]


class MeetupError(Exception):
    """An RSVP action that cannot be done, with a message that says why."""


def _check_may_rsvp(meetup: Meetup, user, now: datetime) -> None:
    if not getattr(user, "is_authenticated", False):
        raise MeetupError("Sign in to RSVP.")
    if not may_attend(user=user, chapter=meetup.chapter):
        raise MeetupError("Meetups are for the school's students and graduates.")
    reason = kind_for(meetup).not_on_sale(meetup, now=now)
    if reason:
        raise MeetupError(reason)


def _going(meetup: Meetup, user_id: int) -> Rsvp:
    """The RSVP row marked going (a new one, or a cancelled one revived with a clean slate)."""
    rsvp, created = Rsvp.objects.get_or_create(meetup=meetup, user_id=user_id)
    if not created:
        rsvp.status = RsvpStatus.GOING
        rsvp.checked_in_at = None
        rsvp.reminder_sent_at = None
        rsvp.save(update_fields=["status", "checked_in_at", "reminder_sent_at", "updated_at"])
    return rsvp


def _confirm(rsvp_id: int) -> None:
    from community.meetups import tasks

    tasks.rsvp_confirmation_send.delay(rsvp_id)


def rsvp_create(*, meetup: Meetup, user, now: datetime | None = None) -> RsvpOutcome:
    """RSVP ``user``; when the meetup is full they join its waitlist instead. Idempotent:
    someone already going, or already waiting, gets the same outcome again."""
    now = now or timezone.now()
    _check_may_rsvp(meetup, user, now)
    existing = Rsvp.objects.filter(meetup=meetup, user=user, status=RsvpStatus.GOING).first()
    if existing:
        return RsvpOutcome(going=True, rsvp=existing)

    def record() -> Rsvp:
        rsvp = _going(meetup, user.pk)
        transaction.on_commit(lambda: _confirm(rsvp.pk))
        return rsvp

    return place_take_or_queue(
        target=meetup, user=user, record=record, refused=MeetupError, now=now
    )


def rsvp_cancel(*, meetup: Meetup, user, now: datetime | None = None) -> bool:
    """Give the place back (the first in line gets it after the commit) or leave the
    waitlist. Returns whether anything changed; idempotent."""

    def release(locked: Meetup) -> bool:
        going = Rsvp.objects.filter(meetup=locked, user=user, status=RsvpStatus.GOING)
        return record_cancel(going, status=RsvpStatus.CANCELLED)

    return place_give_back(target=meetup, user=user, release=release, now=now or timezone.now())


def rsvp_from_waitlist_offer(*, meetup: Meetup, entry: WaitlistEntry) -> Rsvp | None:
    """Turn a fresh waitlist offer into an RSVP (called by the waitlist inside the offer's
    transaction, the meetup locked): the offer's hold becomes the permanent place."""
    if entry.user_id is None:
        return None  # only signed-in people join a meetup's waitlist; nothing to convert
    waitlist_offer_take(target=meetup, entry=entry)
    rsvp = _going(meetup, entry.user_id)
    transaction.on_commit(lambda: _promoted(rsvp.pk))
    return rsvp


def _promoted(rsvp_id: int) -> None:
    from community.meetups import tasks

    tasks.rsvp_promoted_send.delay(rsvp_id)


def rsvp_check_in(*, rsvp: Rsvp, by, now: datetime | None = None) -> Rsvp:
    """An organiser marks someone as arrived (again: nothing changes)."""
    from community.meetups.selectors import is_organiser

    if not is_organiser(user=by, chapter=rsvp.meetup.chapter):
        raise MeetupError("Only the chapter's organisers check people in.")
    if rsvp.status != RsvpStatus.GOING:
        raise MeetupError(f"{rsvp.user} cancelled their RSVP; RSVP them again first.")
    if rsvp.checked_in_at is None:
        rsvp.checked_in_at = now or timezone.now()
        rsvp.save(update_fields=["checked_in_at", "updated_at"])
    return rsvp


def profile_update(*, user, data: dict) -> MemberProfile:
    """Save the name, role and company on the user and the rest on the member profile
    (``data`` is a validated ``ProfileForm.cleaned_data``)."""
    with transaction.atomic():
        user.first_name = data["first_name"]
        user.last_name = data["last_name"]
        user.job_title = data["job_title"]
        user.company = data["company"]
        user.save(update_fields=["first_name", "last_name", "job_title", "company"])
        profile, _ = MemberProfile.objects.get_or_create(user=user)
        for field in ("city", "linkedin_url", "slack_handle", "meetup_emails"):
            setattr(profile, field, data[field])
        profile.save()
    return profile
