"""Cohort capacity: seats taken by enrollments and by holds, and the writes that move them.

Every function that can take a seat locks the cohort row first (``SELECT ... FOR UPDATE``),
counts, then writes, so two processes selling the last seat serialise on PostgreSQL. The
payments app holds seats through these functions; it never counts capacity itself.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from courses.models import Cohort, Enrollment, EnrollmentStatus, SeatHold


class CohortFull(Exception):
    """Not enough seats left in the cohort; nothing was written."""

    def __init__(self, cohort: Cohort, *, seats_left: int = 0, seats_wanted: int = 1):
        self.cohort = cohort
        self.seats_left = seats_left
        self.seats_wanted = seats_wanted
        if seats_left:
            message = f"{cohort} has only {seats_left} seat(s) left; {seats_wanted} asked for."
        else:
            message = f"{cohort} is full ({cohort.capacity} seats)."
        super().__init__(message)


def unexpired_holds(*, now: datetime) -> QuerySet[SeatHold]:
    return SeatHold.objects.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def cohort_seats_taken(
    *, cohort: Cohort, now: datetime | None = None, exclude_hold: str = ""
) -> int:
    """Active enrollments plus seats of unexpired holds (optionally leaving one hold out)."""
    now = now or timezone.now()
    enrolled = Enrollment.objects.filter(cohort=cohort, status=EnrollmentStatus.ACTIVE).count()
    holds = unexpired_holds(now=now).filter(cohort=cohort).exclude(reference=exclude_hold)
    held = holds.aggregate(total=Sum("seats"))["total"] or 0
    return enrolled + held


def cohort_seats_left(*, cohort: Cohort, now: datetime | None = None) -> int:
    return max(cohort.capacity - cohort_seats_taken(cohort=cohort, now=now), 0)


def lock_cohort(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update(of=("self",)).get(pk=cohort.pk)


def seat_hold_place(
    *,
    cohort: Cohort,
    reference: str,
    seats: int,
    expires_at: datetime | None,
    now: datetime | None = None,
) -> SeatHold:
    """Hold ``seats`` seats for ``reference``; raises ``CohortFull`` when they are not free.

    Idempotent per reference: placing the same hold again returns it (resized and re-timed
    if asked, capacity permitting).
    """
    if seats < 1:
        raise ValueError("A hold is for at least one seat.")
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_cohort(cohort)
        taken = cohort_seats_taken(cohort=locked, now=now, exclude_hold=reference)
        if taken + seats > locked.capacity:
            raise CohortFull(locked, seats_left=max(locked.capacity - taken, 0), seats_wanted=seats)
        hold, _ = SeatHold.objects.update_or_create(
            reference=reference,
            defaults={"cohort": locked, "seats": seats, "expires_at": expires_at},
        )
    return hold


def seat_hold_resize(*, reference: str, seats: int, now: datetime | None = None) -> SeatHold | None:
    """Grow or shrink an existing hold (a team buying more seats); ``seats=0`` releases it."""
    hold = SeatHold.objects.filter(reference=reference).select_related("cohort").first()
    if hold is None:
        raise SeatHold.DoesNotExist(f"No seat hold for {reference!r}.")
    if seats == 0:
        seat_hold_release(reference=reference)
        return None
    return seat_hold_place(
        cohort=hold.cohort, reference=reference, seats=seats, expires_at=hold.expires_at, now=now
    )


def seat_hold_release(*, reference: str) -> int:
    """Give the held seats back; returns how many were released (0 if none: idempotent)."""
    with transaction.atomic():
        hold = SeatHold.objects.select_for_update().filter(reference=reference).first()
        if hold is None:
            return 0
        seats = hold.seats
        hold.delete()
    return seats


def seat_hold_consume(*, cohort: Cohort, reference: str, now: datetime) -> bool:
    """Turn one held seat into an enrollment's seat. Call with the cohort row locked.

    Returns False when there is no unexpired hold for ``reference`` in this cohort: the
    caller must then find a free seat the ordinary way.
    """
    hold = (
        unexpired_holds(now=now)
        .select_for_update()
        .filter(cohort=cohort, reference=reference)
        .first()
    )
    if hold is None:
        return False
    if hold.seats == 1:
        hold.delete()
    else:
        hold.seats -= 1
        hold.save(update_fields=["seats"])
    return True


def seat_hold_rekey(
    *,
    reference: str,
    new_reference: str,
    cohort: Cohort,
    seats: int,
    expires_at: datetime | None,
    now: datetime | None = None,
) -> SeatHold:
    """Hand held seats to a new holder (a paid order's seats become a team's pool).

    When the old hold has already expired its seats may have gone to someone else, so the
    new hold is placed against capacity like any other and may raise ``CohortFull``.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_cohort(cohort)
        old = unexpired_holds(now=now).filter(cohort=locked, reference=reference).first()
        if old is not None:
            old.delete()
        return seat_hold_place(
            cohort=locked, reference=new_reference, seats=seats, expires_at=expires_at, now=now
        )
