"""Holds and places, for every kind: count, hold, release, consume, rekey, sweep.

Every write that can take a place locks the target's row first (``SELECT ... FOR UPDATE``
through ``CapacityKind.lock``), counts, then writes, so any number of processes selling the
last place serialise on PostgreSQL and a target of 20 never sells 21. A write that frees
places announces it after its commit (``signals.places_freed``). Lock order: whatever the
caller holds (an order, a team), then the target, then its holds.

Targets are model instances of a registered kind (``engine.capacity.kinds``); callers never
say which kind, the engine finds it from the instance.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from engine.capacity.kinds import CapacityKind, kind_for, kind_get
from engine.capacity.models import Hold
from engine.capacity.signals import places_freed


def holds_unexpired(*, now: datetime) -> QuerySet[Hold]:
    return Hold.objects.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def holds_of(target, *, now: datetime) -> QuerySet[Hold]:
    """The unexpired holds on ``target``."""
    return holds_unexpired(now=now).filter(kind=kind_for(target).name, target_id=target.pk)


def hold_get(*, reference: str, now: datetime | None = None) -> Hold | None:
    """The unexpired hold ``reference``, if any."""
    return holds_unexpired(now=now or timezone.now()).filter(reference=reference).first()


def target_lock(target):
    """Lock ``target``'s row (call inside a transaction); returns the locked row."""
    return kind_for(target).lock(target.pk)


def places_held(*, target, now: datetime, exclude_hold: str = "") -> int:
    holds = holds_of(target, now=now).exclude(reference=exclude_hold)
    return holds.aggregate(total=Sum("places"))["total"] or 0


def places_taken(*, target, now: datetime | None = None, exclude_hold: str = "") -> int:
    """Permanent places plus places of unexpired holds (optionally leaving one hold out)."""
    now = now or timezone.now()
    permanent = kind_for(target).places_taken_permanently(target)
    return permanent + places_held(target=target, now=now, exclude_hold=exclude_hold)


def places_left(*, target, now: datetime | None = None, exclude_hold: str = "") -> int:
    taken = places_taken(target=target, now=now, exclude_hold=exclude_hold)
    return max(kind_for(target).capacity(target) - taken, 0)


def places_held_by_target(*, kind: str, target_ids, now: datetime) -> dict[int, int]:
    """``{target id: places held}`` for many targets of one kind, in one query."""
    rows = (
        holds_unexpired(now=now)
        .filter(kind=kind, target_id__in=list(target_ids))
        .values_list("target_id")
        .annotate(total=Sum("places"))
        .order_by()
    )
    return dict(rows)


def places_held_subquery(*, kind: str, now: datetime, outer: str = "pk") -> Coalesce:
    """An expression for annotating a queryset of ``kind``'s model with its held places."""
    held = (
        holds_unexpired(now=now)
        .filter(kind=kind, target_id=OuterRef(outer))
        .values("target_id")
        .annotate(n=Sum("places"))
        .values("n")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), 0)


def _check_fits(kind: CapacityKind, locked, *, places: int, now: datetime, exclude_hold: str):
    taken = places_taken(target=locked, now=now, exclude_hold=exclude_hold)
    capacity = kind.capacity(locked)
    if taken + places > capacity:
        raise kind.not_enough_places(
            locked, places_left=max(capacity - taken, 0), places_wanted=places
        )


def _expiry(kind: CapacityKind, target, expires_at: datetime | None) -> datetime | None:
    limit = kind.hold_expiry_limit(target)
    if limit is None:
        return expires_at
    return limit if expires_at is None else min(expires_at, limit)


def hold_place(
    *,
    target,
    reference: str,
    places: int,
    expires_at: datetime | None,
    now: datetime | None = None,
) -> Hold:
    """Hold ``places`` places of ``target`` for ``reference``; raises the kind's
    ``NotEnoughPlaces`` when they are not free. Idempotent per reference: placing the same
    hold again returns it (resized and re-timed if asked, capacity permitting). A hold never
    outlives the kind's ``hold_expiry_limit``."""
    if places < 1:
        raise ValueError("A hold is for at least one place.")
    if not reference:
        raise ValueError("A hold needs a reference naming who holds it, e.g. 'order:42'.")
    now = now or timezone.now()
    kind = kind_for(target)
    with transaction.atomic():
        locked = kind.lock(target.pk)
        _check_fits(kind, locked, places=places, now=now, exclude_hold=reference)
        hold, _ = Hold.objects.update_or_create(
            reference=reference,
            defaults={
                "kind": kind.name,
                "target_id": locked.pk,
                "places": places,
                "expires_at": _expiry(kind, locked, expires_at),
            },
        )
    return hold


def hold_release(*, reference: str) -> int:
    """Give the held places back; returns how many (0 if there was no hold: idempotent).
    The target hears of it after the commit (``places_freed``)."""
    found = Hold.objects.filter(reference=reference).values_list("kind", "target_id").first()
    if found is None:
        return 0
    kind_name, target_id = found
    with transaction.atomic():
        kind_get(kind_name).lock(target_id)
        hold = Hold.objects.select_for_update().filter(reference=reference).first()
        if hold is None:
            return 0
        places = hold.places
        hold.delete()
        _announce_on_commit(kind_name, target_id)
    return places


def hold_rekey(
    *,
    target,
    reference: str,
    new_reference: str,
    places: int,
    expires_at: datetime | None,
    now: datetime | None = None,
) -> Hold:
    """Hand the places held for ``reference`` (if any: a waitlist offer, a paid order) to
    ``new_reference`` (a checkout's order, a team's pool) in one locked step: nobody can
    take them in between, and nothing is announced. With no unexpired old hold this is
    ``hold_place``, which may raise ``NotEnoughPlaces``."""
    now = now or timezone.now()
    kind = kind_for(target)
    with transaction.atomic():
        locked = kind.lock(target.pk)
        if reference:
            Hold.objects.filter(kind=kind.name, target_id=locked.pk, reference=reference).delete()
        return hold_place(
            target=locked,
            reference=new_reference,
            places=places,
            expires_at=expires_at,
            now=now,
        )


def places_take(
    *,
    target,
    reference: str = "",
    places: int = 1,
    now: datetime | None = None,
    ignore_capacity: bool = False,
) -> bool:
    """Make ``places`` places of ``target`` permanent, out of the hold ``reference`` when it
    is live and big enough, else out of what is free now. Returns whether the hold paid.

    Call inside the transaction that writes the permanent row (the enrollment, the ticket),
    so the place taken and the row appear together under the target's lock; outside one,
    another buyer could count between the two, so that is refused. Raises the kind's
    ``NotEnoughPlaces`` (nothing written) unless ``ignore_capacity`` (staff adding someone
    anyway).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "places_take must run inside the transaction that writes the permanent place."
        )
    now = now or timezone.now()
    kind = kind_for(target)
    with transaction.atomic():
        locked = kind.lock(target.pk)
        hold = None
        if reference:
            hold = (
                holds_unexpired(now=now)
                .select_for_update()
                .filter(kind=kind.name, target_id=locked.pk, reference=reference)
                .first()
            )
        if hold is not None and hold.places >= places:
            if hold.places == places:
                hold.delete()
            else:
                hold.places -= places
                hold.save(update_fields=["places"])
            return True
        if not ignore_capacity:
            _check_fits(kind, locked, places=places, now=now, exclude_hold=reference)
        if reference:
            Hold.objects.filter(kind=kind.name, target_id=locked.pk, reference=reference).delete()
    return False


def hold_is_live(*, target, reference: str, now: datetime) -> bool:
    return holds_of(target, now=now).filter(reference=reference).exists()


def places_freed_announce(*, target) -> None:
    """Say that places of ``target`` may be free (a permanent place ended, the capacity was
    raised): the waitlist hears of it after the commit. Offering is idempotent, so saying
    it when nothing changed costs a look, never a wrong offer."""
    _announce_on_commit(kind_for(target).name, target.pk)


def _announce_on_commit(kind_name: str, target_id: int) -> None:
    transaction.on_commit(
        lambda: places_freed.send(sender=Hold, kind=kind_name, target_id=target_id),
        robust=True,
    )


def holds_sweep(*, now: datetime | None = None) -> int:
    """Delete holds past their expiry and announce each target that got places back.
    Capacity never waits for this (expired holds do not count); it only makes the freeing
    visible. Returns how many holds were swept."""
    now = now or timezone.now()
    swept = 0
    expired = Hold.objects.filter(expires_at__lte=now).values_list("reference", flat=True)
    for reference in list(expired):
        with transaction.atomic():
            hold = (
                Hold.objects.select_for_update()
                .filter(reference=reference, expires_at__lte=now)
                .first()
            )
            if hold is None:
                continue
            hold.delete()
            _announce_on_commit(hold.kind, hold.target_id)
            swept += 1
    return swept
