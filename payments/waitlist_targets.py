"""What a waitlist waits for: a target of any registered capacity kind (a class, a workshop,
or whatever registers next), seen through ``engine.capacity``.

The waitlist never asks which kind it has: names, URLs, "on sale?", locks, counts and holds
all come from the target's kind and the engine, which lock the target's row before they
count, so a waitlist offer can never oversell any kind.
"""

from datetime import datetime

from django.db.models import Model, Q
from django.utils import timezone

from engine.capacity.errors import NotEnoughPlaces
from engine.capacity.kinds import kind_for, target_get
from engine.capacity.services import (
    hold_is_live,
    hold_place,
    hold_release,
    places_left,
    target_lock,
)

Target = Model


class TargetFull(Exception):
    """No place is free in the target; nothing was held."""


def target_kind(target: Target) -> str:
    return kind_for(target).name


def target_key(target: Target) -> tuple[str, int]:
    """How a task or a URL names the target: ``("cohort", 7)`` or ``("workshop", 12)``."""
    return target_kind(target), target.pk


def target_from_key(kind: str, pk: int) -> Target:
    """The target ``(kind, pk)`` names; ``LookupError`` (or ``DoesNotExist``) if none."""
    return target_get(kind, pk)


def target_filter(target: Target) -> Q:
    """The entries of ``target``'s waitlist."""
    kind, pk = target_key(target)
    return Q(kind=kind, target_id=pk)


def target_name(target: Target) -> str:
    return kind_for(target).title(target)


def target_places_left(target: Target, *, now: datetime) -> int:
    return places_left(target=target, now=now)


def target_not_on_sale(target: Target, *, now: datetime | None = None) -> str:
    """Why nobody can wait for ``target`` any more ("" while they can)."""
    return kind_for(target).not_on_sale(target, now=now or timezone.now())


def target_hold_place(target: Target, *, reference: str, expires_at: datetime, now: datetime):
    """Hold one place for ``reference``; raises ``TargetFull``. Idempotent per reference."""
    try:
        return hold_place(
            target=target, reference=reference, places=1, expires_at=expires_at, now=now
        )
    except NotEnoughPlaces as full:
        raise TargetFull(str(full)) from full


def target_hold_is_live(target: Target, *, reference: str, now: datetime) -> bool:
    return hold_is_live(target=target, reference=reference, now=now)


def target_hold_release(target: Target, *, reference: str) -> int:
    """Give a held place back (the waitlist hears of it after the commit)."""
    return hold_release(reference=reference)


def target_buy_url(target: Target) -> str:
    return kind_for(target).buy_url(target)


def target_join_url(target: Target) -> str:
    return kind_for(target).join_url(target)


__all__ = [
    "Target",
    "TargetFull",
    "target_buy_url",
    "target_filter",
    "target_from_key",
    "target_hold_is_live",
    "target_hold_place",
    "target_hold_release",
    "target_join_url",
    "target_key",
    "target_kind",
    "target_lock",
    "target_name",
    "target_not_on_sale",
    "target_places_left",
]
