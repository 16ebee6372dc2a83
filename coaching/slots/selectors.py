"""Reads of 1:1 coaching: open slots, a student's credits and bookings, a coach's bookings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from coaching.slots.models import BookingStatus, CoachingBooking, CoachingCredit, CoachingSlot
from courses.entitlements.models import EntitlementKind
from courses.entitlements.selectors import enrollments_entitled, tiers_granting


@dataclass
class StudentCoaching:
    entitled: bool = False
    granted: int = 0
    used: int = 0
    bookings: list[CoachingBooking] = field(default_factory=list)
    time_zone: str = "UTC"  # the class's: the page shows every slot on the student's clock

    @property
    def left(self) -> int:
        return self.granted - self.used


def student_coaching(*, user) -> StudentCoaching:
    """The student's credits (from their credit row, else their tier) and bookings."""
    if not getattr(user, "is_authenticated", False):
        return StudentCoaching()
    enrollment = (
        enrollments_entitled(user=user, kind=EntitlementKind.COACHING_SESSIONS)
        .select_related("cohort")
        .order_by("cohort__start_date", "pk")
        .first()
    )
    bookings = list(
        CoachingBooking.objects.filter(user=user, status=BookingStatus.BOOKED)
        .select_related("slot__coach")
        .order_by("slot__starts_at")
    )
    if enrollment is None:
        return StudentCoaching(bookings=bookings)
    zone = enrollment.cohort.timezone
    credit = CoachingCredit.objects.filter(enrollment=enrollment).first()
    if credit is not None:
        return StudentCoaching(True, credit.granted, credit.used, bookings, zone)
    granted = tiers_granting(kind=EntitlementKind.COACHING_SESSIONS).get(enrollment.tier, 0)
    return StudentCoaching(True, granted, 0, bookings, zone)


def booking_time_zone(booking: CoachingBooking) -> str:
    """The time zone of the class whose credit paid for ``booking`` (emails and messages)."""
    return booking.credit.enrollment.cohort.timezone


def slots_open(*, now: datetime | None = None, limit: int = 60) -> list[CoachingSlot]:
    """Future slots nobody has booked, soonest first, with their coach (one query)."""
    now = now or timezone.now()
    booked = CoachingBooking.objects.filter(slot=OuterRef("pk"), status=BookingStatus.BOOKED)
    return list(
        CoachingSlot.objects.filter(starts_at__gt=now)
        .exclude(Exists(booked))
        .select_related("coach")
        .order_by("starts_at", "pk")[:limit]
    )


def coach_slots(*, coach, now: datetime | None = None) -> list[CoachingSlot]:
    """A coach's future slots, each with ``booking`` (the booked one or None): two queries."""
    now = now or timezone.now()
    slots = list(CoachingSlot.objects.filter(coach=coach, starts_at__gt=now).order_by("starts_at"))
    bookings = {
        booking.slot_id: booking
        for booking in CoachingBooking.objects.filter(
            slot__in=slots, status=BookingStatus.BOOKED
        ).select_related("user")
    }
    for slot in slots:
        slot.booking = bookings.get(slot.pk)
    return slots
