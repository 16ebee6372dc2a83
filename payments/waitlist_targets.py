"""What a waitlist waits for: a class (``Cohort``) or a workshop (``WorkshopPage``), behind
one small interface.

The waitlist services never count places themselves: cohorts go through ``courses.holds``
(seat holds), workshops through ``payments.workshops`` (ticket holds). Both lock the
target's row before they count, so a waitlist offer can never oversell either.
"""

from datetime import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from courses.holds import (
    CohortFull,
    cohort_seats_left,
    lock_cohort,
    seat_hold_place,
    seat_hold_release,
    unexpired_holds,
)
from courses.models import Cohort
from payments.models import WorkshopPage
from payments.signals import place_freed
from payments.workshops import (
    WorkshopSoldOut,
    lock_workshop,
    ticket_hold_place,
    ticket_hold_release,
    unexpired_ticket_holds,
    workshop_tickets_left,
)

Target = Cohort | WorkshopPage

TARGET_MODELS: dict[str, type] = {"cohort": Cohort, "workshop": WorkshopPage}


class TargetFull(Exception):
    """No place is free in the target; nothing was held."""


def _is_workshop(target: Target) -> bool:
    return isinstance(target, WorkshopPage)


def target_kind(target: Target) -> str:
    return "workshop" if _is_workshop(target) else "cohort"


def target_key(target: Target) -> tuple[str, int]:
    """How a task names the target: ``("cohort", 7)`` or ``("workshop", 12)``."""
    return target_kind(target), target.pk


def target_from_key(kind: str, pk: int) -> Target:
    if kind not in TARGET_MODELS:
        raise ValueError(f"Unknown waitlist target kind {kind!r}.")
    return TARGET_MODELS[kind].objects.get(pk=pk)


def target_filter(target: Target) -> Q:
    """The entries of ``target``'s waitlist."""
    return Q(workshop=target) if _is_workshop(target) else Q(cohort=target)


def target_name(target: Target) -> str:
    return target.title if _is_workshop(target) else target.name


def target_lock(target: Target) -> Target:
    """Lock the target's row (``SELECT ... FOR UPDATE``): call inside a transaction."""
    return lock_workshop(target) if _is_workshop(target) else lock_cohort(target)


def target_places_left(target: Target, *, now: datetime) -> int:
    if _is_workshop(target):
        return workshop_tickets_left(workshop=target, now=now)
    return cohort_seats_left(cohort=target, now=now)


def target_not_on_sale(target: Target, *, now: datetime | None = None) -> str:
    """Why nobody can wait for ``target`` any more ("" while they can)."""
    now = now or timezone.now()
    if _is_workshop(target):
        if not target.live or target.starts_at <= now:
            return f"{target.title} is no longer on sale."
        return ""
    if target.start_date <= timezone.localdate(now):
        return f"{target.name} has already started."
    if target.enrollment_closes_at and now >= target.enrollment_closes_at:
        return f"Enrollment in {target.name} has closed."
    return ""


def target_hold_place(target: Target, *, reference: str, expires_at: datetime, now: datetime):
    """Hold one place for ``reference``; raises ``TargetFull``. Idempotent per reference."""
    try:
        if _is_workshop(target):
            return ticket_hold_place(
                workshop=target,
                reference=reference,
                tickets=1,
                expires_at=min(expires_at, target.starts_at),
                now=now,
            )
        return seat_hold_place(
            cohort=target, reference=reference, seats=1, expires_at=expires_at, now=now
        )
    except (CohortFull, WorkshopSoldOut) as full:
        raise TargetFull(str(full)) from full


def target_hold_is_live(target: Target, *, reference: str, now: datetime) -> bool:
    if _is_workshop(target):
        holds = unexpired_ticket_holds(now=now).filter(workshop=target)
    else:
        holds = unexpired_holds(now=now).filter(cohort=target)
    return holds.filter(reference=reference).exists()


def target_hold_release(target: Target, *, reference: str) -> int:
    """Give a held place back and tell the waitlist (``place_freed``), as ticket holds do."""
    if _is_workshop(target):
        return ticket_hold_release(reference=reference)
    released = seat_hold_release(reference=reference)
    if released:
        place_freed.send(sender=Cohort, target=target)
    return released


def target_buy_url(target: Target) -> str:
    if _is_workshop(target):
        return target.url or "/"
    return reverse("payments:buy", args=[target.slug])


def target_join_url(target: Target) -> str:
    if _is_workshop(target):
        return reverse("payments:workshop_waitlist_join", args=[target.pk])
    return reverse("payments:cohort_waitlist_join", args=[target.slug])
