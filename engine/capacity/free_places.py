"""Free places (meetup RSVPs, live-session RSVPs, ...): nothing is paid, so a place is taken at
once when one is free, and the person joins the target's waitlist when none is; a place given
back goes to the first in line.

The app keeps its own record of who is going (an RSVP row) and passes the function that
writes it; these functions own the capacity side, so every free kind takes, queues, gives back
and converts places the same way:

- ``place_take_or_queue``: the place and the app's record in one transaction, or a waitlist
  entry when the target is full (tried again when a place frees up in between);
- ``place_give_back``: under the target's lock the app releases its record (``record_cancel``
  marks a going RSVP cancelled), the freed place is announced (the waitlist offers it after
  the commit), and any waitlist entry is left;
- ``waitlist_offer_take``: inside the offer's transaction, the offer's hold becomes the
  permanent place and the entry is converted.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from engine.capacity.errors import NotEnoughPlaces
from engine.capacity.kinds import kind_for
from engine.capacity.models import LIVE_WAITLIST_STATUSES, WaitlistEntry, WaitlistStatus
from engine.capacity.services import places_freed_announce, places_take
from engine.capacity.waitlist import WaitlistError, waitlist_filter, waitlist_join, waitlist_leave

Record = TypeVar("Record")

ATTEMPTS = 3
BUSY_MESSAGE = "Places are changing hands quickly; try again in a moment."


@dataclass(frozen=True)
class PlaceOutcome(Generic[Record]):
    """Going (with the app's record), or waiting (with the entry and how many are ahead)."""

    going: bool
    rsvp: Record | None = None
    waitlist_entry: WaitlistEntry | None = None
    ahead: int = 0


def place_take_or_queue(
    *,
    target: Model,
    user,
    record: Callable[[], Record],
    refused: type[Exception],
    now: datetime,
) -> PlaceOutcome[Record]:
    """Take one place of ``target`` for ``user`` and write the app's ``record()`` in the same
    transaction; when the target is full, join its waitlist instead.

    A waitlist refusal becomes ``refused(message)``, except "places left" (someone gave a place
    back in between), which tries the place again, up to ``ATTEMPTS`` times.
    """
    for _attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                places_take(target=target, places=1, now=now)
                return PlaceOutcome(going=True, rsvp=record())
        except NotEnoughPlaces:
            pass
        try:
            joined = waitlist_join(target=target, email=user.email, user=user, now=now)
        except WaitlistError as error:
            if error.code == "places_left":
                continue
            raise refused(error.message) from error
        return PlaceOutcome(going=False, waitlist_entry=joined.entry, ahead=joined.ahead)
    raise refused(BUSY_MESSAGE)


def place_give_back(
    *, target: Model, user, release: Callable[[Model], bool], now: datetime
) -> bool:
    """Under the target's row lock, ``release(locked_target)`` ends the app's record of
    ``user`` going (returning whether there was one); a freed place is announced, and any
    live waitlist entry of ``user`` is left. Returns whether anything changed; idempotent."""
    with transaction.atomic():
        locked = kind_for(target).lock(target.pk)
        released = release(locked)
        if released:
            places_freed_announce(target=locked)
    entry = waitlist_entry_of(target=target, user=user)
    if entry is not None:
        waitlist_leave(entry=entry, now=now)
    return released or entry is not None


def record_cancel(going: QuerySet, *, status: str) -> bool:
    """For ``place_give_back``'s ``release``: lock the one record in ``going`` (the person's
    going RSVP) and set its ``status``. Returns whether there was one."""
    record = going.select_for_update().first()
    if record is None:
        return False
    record.status = status
    record.save(update_fields=["status", "updated_at"])
    return True


def waitlist_entry_of(*, target: Model, user) -> WaitlistEntry | None:
    """``user``'s waiting or offered entry on ``target``'s waitlist, if any."""
    return (
        WaitlistEntry.objects.filter(waitlist_filter(target), status__in=LIVE_WAITLIST_STATUSES)
        .filter(email=user.email.lower())
        .first()
    )


def waitlist_offer_take(*, target: Model, entry: WaitlistEntry) -> None:
    """Inside the offer's transaction (the target locked): the offer's hold becomes the
    permanent place and the entry is converted. The caller writes its own record."""
    places_take(target=target, reference=entry.hold_reference, places=1)
    entry.status = WaitlistStatus.CONVERTED
    entry.ended_at = timezone.now()
    entry.save(update_fields=["status", "ended_at"])
