"""Writes of 1:1 coaching: publish a slot, book it, cancel a booking.

Booking locks, in this fixed order, the student's ``CoachingCredit`` row and then the slot's
row (through the capacity engine's ``places_take``), so two students booking one slot at
once give one booking, and one student booking two slots with one credit gets one. The
credit's CHECK constraint (``0 <= used <= granted``) is the last line: no code path can
spend a credit that is not there. Cancelling takes the same locks in the same order.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cms.models import Coach
from coaching.slots.models import BookingStatus, CoachingBooking, CoachingCredit, CoachingSlot
from courses.entitlements.models import EntitlementKind
from courses.entitlements.selectors import enrollments_entitled, tier_quantity
from engine.capacity.errors import NotEnoughPlaces
from engine.capacity.kinds import kind_for
from engine.capacity.services import places_freed_announce, places_take

#: A booking may be cancelled (and the credit returned) until this long before it starts.
CANCEL_BEFORE = timedelta(hours=24)
SLOT_MINUTES_ALLOWED = (30, 45, 60, 90)


class CoachingError(Exception):
    """A coaching action that cannot be done, with a message that says why."""


def slot_publish(
    *, coach: Coach, starts_at: datetime, minutes: int, time_zone: str = "UTC", now=None
) -> CoachingSlot:
    """Offer one slot of ``minutes`` starting at ``starts_at`` (in the future); the coach's
    page shows it in ``time_zone`` (students see their class's time zone)."""
    now = now or timezone.now()
    if minutes not in SLOT_MINUTES_ALLOWED:
        allowed = ", ".join(str(m) for m in SLOT_MINUTES_ALLOWED)
        raise CoachingError(f"A slot lasts {allowed} minutes; {minutes} is not one of them.")
    if starts_at <= now:
        raise CoachingError("A slot must start in the future; pick a later time.")
    try:
        with transaction.atomic():
            return CoachingSlot.objects.create(
                coach=coach,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=minutes),
                time_zone=time_zone,
            )
    except IntegrityError as error:
        raise CoachingError("You already offer a slot starting at that time.") from error


def slot_withdraw(*, coach: Coach, slot: CoachingSlot) -> None:
    """Remove a slot nobody has booked (a booked one stays: cancel it with the student)."""
    with transaction.atomic():
        locked = kind_for(slot).lock(slot.pk)
        if locked.coach_id != coach.pk:
            raise CoachingError("This slot belongs to another coach.")
        if locked.bookings.exists():
            raise CoachingError("This slot has a booking; it stays in your calendar.")
        locked.delete()


def _credit_locked(user) -> CoachingCredit:
    """The student's credit row, created from their tier's entitlement, locked."""
    enrollment = (
        enrollments_entitled(user=user, kind=EntitlementKind.COACHING_SESSIONS)
        .order_by("cohort__start_date", "pk")
        .first()
    )
    if enrollment is None:
        raise CoachingError(
            "1:1 coaching sessions come with the Executive tier; your enrollment does not "
            "include them."
        )
    granted = tier_quantity(tier=enrollment.tier, kind=EntitlementKind.COACHING_SESSIONS)
    CoachingCredit.objects.get_or_create(enrollment=enrollment, defaults={"granted": granted})
    return CoachingCredit.objects.select_for_update().get(enrollment=enrollment)


def booking_create(
    *, user, slot: CoachingSlot, topic: str = "", now: datetime | None = None
) -> CoachingBooking:
    """Book ``slot`` for ``user`` with one of their credits (raises ``CoachingError``)."""
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        raise CoachingError("Sign in to book a 1:1 coaching session.")
    topic = (topic or "").strip()
    if len(topic) > 300:
        raise CoachingError("Keep the topic under 300 characters.")
    reason = kind_for(slot).not_on_sale(slot, now=now)
    if reason:
        raise CoachingError(reason)
    with transaction.atomic():
        credit = _credit_locked(user)
        if credit.left <= 0:
            raise CoachingError(
                f"You have used all {credit.granted} of your 1:1 coaching sessions."
            )
        try:
            places_take(target=slot, places=1, now=now)
        except NotEnoughPlaces as error:
            raise CoachingError(str(error)) from error
        booking = CoachingBooking.objects.create(
            slot=slot, user=user, credit=credit, topic=topic, created_at=now
        )
        CoachingCredit.objects.filter(pk=credit.pk).update(used=F("used") + 1)
        transaction.on_commit(lambda: _confirm(booking.pk))
    return booking


def _confirm(booking_id: int) -> None:
    from coaching.slots import tasks

    tasks.booking_confirmation_send.delay(booking_id)


def booking_cancel(*, user, booking: CoachingBooking, now: datetime | None = None) -> bool:
    """Cancel up to ``CANCEL_BEFORE`` ahead and get the credit back. Returns whether anything
    changed (cancelling twice changes nothing)."""
    now = now or timezone.now()
    if booking.user_id != user.pk:
        raise CoachingError("This booking is someone else's.")
    with transaction.atomic():
        credit = CoachingCredit.objects.select_for_update().get(pk=booking.credit_id)
        slot = kind_for(booking.slot).lock(booking.slot_id)
        locked = CoachingBooking.objects.select_for_update().get(pk=booking.pk)
        if locked.status != BookingStatus.BOOKED:
            return False
        if slot.starts_at - now < CANCEL_BEFORE:
            raise CoachingError(
                "Sessions can be cancelled up to 24 hours before they start; this one starts "
                "sooner, so write to your coach instead."
            )
        locked.status = BookingStatus.CANCELLED
        locked.cancelled_at = now
        locked.save(update_fields=["status", "cancelled_at"])
        CoachingCredit.objects.filter(pk=credit.pk).update(used=F("used") - 1)
        places_freed_announce(target=slot)
    booking.status, booking.cancelled_at = locked.status, locked.cancelled_at
    return True
