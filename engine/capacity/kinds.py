"""The one interface a thing with a limited number of places implements, and the registry.

A *kind* (``CapacityKind`` subclass) describes one model whose rows each have a capacity:
a class's seats (``courses.capacity.CohortSeats``), a workshop's tickets
(``payments.workshop_capacity.WorkshopTickets``). The app that owns the model writes the kind
and registers one instance in its ``AppConfig.ready()`` (``kind_register``); the engine then
holds, counts, sells out and announces freed places for every row of that model, and the
waitlist offers them, without any caller branching on what is being sold.

What a kind must say (the rest has defaults):

- ``name``: the short key stored on holds and waitlist entries ("cohort", "workshop").
- ``model``: the target model; ``lock`` reads its row with ``SELECT ... FOR UPDATE``.
- ``places_taken_permanently(target)``: places no hold can give back (active enrollments,
  the quantity of issued tickets). Counted under the target's lock.

and what it may refine: ``capacity`` (default ``target.capacity``), ``title``,
``place_noun`` ("seat", "ticket"), ``not_on_sale`` (why nobody can buy or wait now, "" while
they can), ``hold_expiry_limit`` (no hold outlives this, e.g. the workshop's start),
``not_enough_places`` (the exception, and so the message, a buyer sees), ``buy_url`` and
``join_url`` (the waitlist's join page), and the waitlist's three hooks, called inside the
waitlist's transactions (``engine.capacity.waitlist``): ``waitlist_joined`` and
``offer_made`` (e.g. enqueue an email on commit) and ``offer_checkout_state`` (is someone
paying for, or has someone bought, the place an offer holds).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.db import models

from engine.capacity.errors import NotEnoughPlaces


class CapacityKind:
    """A model whose rows each have a limited number of places. Subclass, then register."""

    name: ClassVar[str]
    model: ClassVar[type[models.Model]]
    place_noun: ClassVar[str] = "place"

    # -- what the engine needs -----------------------------------------------------------

    def lock(self, target_id: int) -> models.Model:
        """The target's row, locked until the transaction ends (call inside one)."""
        return self.model._default_manager.select_for_update(of=("self",)).get(pk=target_id)

    def get(self, target_id: int) -> models.Model:
        return self.model._default_manager.get(pk=target_id)

    def capacity(self, target: models.Model) -> int:
        return target.capacity

    def places_taken_permanently(self, target: models.Model) -> int:
        """Places given for good (enrollments, tickets); holds are counted by the engine."""
        raise NotImplementedError(f"{type(self).__name__} must count its permanent places.")

    def hold_expiry_limit(self, target: models.Model) -> datetime | None:
        """No hold on ``target`` lasts past this (None: no limit)."""
        return None

    # -- what people see -----------------------------------------------------------------

    def title(self, target: models.Model) -> str:
        return str(target)

    def not_on_sale(self, target: models.Model, *, now: datetime | None = None) -> str:
        """Why nobody can buy or wait for ``target`` now ("" while they can)."""
        return ""

    def not_enough_places(
        self, target: models.Model, *, places_left: int, places_wanted: int
    ) -> NotEnoughPlaces:
        """The exception raised when ``places_wanted`` do not fit (nothing was written)."""
        name, noun = self.title(target), self.place_noun
        if places_left:
            message = f"{name} has only {places_left} {noun}(s) left; {places_wanted} asked for."
        else:
            message = f"{name} is full."
        return NotEnoughPlaces(
            message, target=target, places_left=places_left, places_wanted=places_wanted
        )

    def buy_url(self, target: models.Model) -> str:
        return ""

    def join_url(self, target: models.Model) -> str:
        """The waitlist's join page for ``target``."""
        return ""

    # -- the waitlist's hooks (engine.capacity.waitlist) -----------------------------------

    def waitlist_joined(self, target: models.Model, *, entry) -> None:
        """Someone new waits for ``target`` (inside the join's transaction)."""

    def offer_made(self, target: models.Model, *, entry) -> None:
        """A waitlist offer now holds a place of ``target`` for ``entry`` (inside the offer's
        transaction): send the offer, on commit."""

    def offer_checkout_state(self, target: models.Model, *, entry) -> str:
        """Where a purchase of the offered place stands: ``OFFER_BOUGHT``, ``OFFER_PAYING``
        (a checkout holds the place now) or "" (nobody took it up)."""
        return ""


OFFER_BOUGHT = "bought"
OFFER_PAYING = "paying"


_KINDS: dict[str, CapacityKind] = {}


def kind_register(kind: CapacityKind) -> CapacityKind:
    """Make ``kind`` known by its name and its model; registering it again replaces it."""
    if not getattr(kind, "name", "") or not getattr(kind, "model", None):
        raise ValueError(f"{type(kind).__name__} needs a name and a model to be registered.")
    for other in list(_KINDS.values()):
        if other.model is kind.model and other.name != kind.name:
            raise ValueError(f"{kind.model.__name__} is already the kind {other.name!r}.")
    _KINDS[kind.name] = kind
    return kind


def kind_unregister(name: str) -> None:
    _KINDS.pop(name, None)


def kind_get(name: str) -> CapacityKind:
    """The kind registered as ``name``; ``LookupError`` naming the known ones if none."""
    try:
        return _KINDS[name]
    except KeyError:
        known = ", ".join(sorted(_KINDS)) or "none"
        raise LookupError(f"No capacity kind {name!r} (known: {known}).") from None


def kind_for(target: models.Model) -> CapacityKind:
    """The kind whose model ``target`` is an instance of."""
    for kind in _KINDS.values():
        if isinstance(target, kind.model):
            return kind
    raise LookupError(f"{type(target).__name__} is not a registered capacity kind.")


def kinds() -> list[CapacityKind]:
    return list(_KINDS.values())


def target_get(name: str, target_id: int) -> models.Model:
    """The target a stored ``(kind, target id)`` pair names (``DoesNotExist`` if gone)."""
    return kind_get(name).get(target_id)
