"""Waitlists for sold-out targets of any capacity kind (classes, workshops, ...): join,
offer, expire, reorder, leave.

    join (sold out) -> waiting --a place frees up--> offered (place held 24 h, the kind tells)
        offered --link -> checkout (it takes over the hold)--> converted (once it is bought)
        offered --24 h unused--> lapsed: the hold is released and the next person is offered
        waiting / offered --leave--> left (an offered place passes on)

Every write locks the target's row first (``engine.capacity.services.target_lock``), the
same lock that checkouts take to hold places, so offers and sales serialise: an offer is made
only while a place is free, and two runs of ``waitlist_offer_next`` at once make one offer per
free place. Offers are made after the commit that freed the place (``places_freed`` ->
``receivers`` -> the task ``capacity.waitlist_offer_next``), and the beat task
``capacity.waitlist_sweep`` catches anything a signal missed (and lapses unused offers).
The waitlist never asks which kind it waits for: the target's kind (``engine.capacity.kinds``)
names it, says whether it is on sale, sends what the app sends (``waitlist_joined``,
``offer_made``) and says whether someone is buying the offered place
(``offer_checkout_state``).

The state of an offer is read each time (``_offer_settle``): a bought place makes it
``converted``; a checkout in progress keeps it as it is; an abandoned checkout gives the place
back to the offer until the offer expires.
"""

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, Model, Q
from django.utils import timezone

from engine.capacity.errors import NotEnoughPlaces
from engine.capacity.kinds import OFFER_BOUGHT, OFFER_PAYING, kind_for, target_get
from engine.capacity.models import LIVE_WAITLIST_STATUSES, WaitlistEntry, WaitlistStatus
from engine.capacity.services import (
    hold_is_live,
    hold_place,
    hold_release,
    places_left,
    target_lock,
)

Target = Model

logger = logging.getLogger(__name__)

OFFER_HOURS = 24


class WaitlistError(Exception):
    """A waitlist action that cannot be done, with a message that says what to do instead."""

    def __init__(self, message: str, *, field: str = "", code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


@dataclass(frozen=True)
class Joined:
    entry: WaitlistEntry
    created: bool
    ahead: int


def email_normalise(email: str) -> str:
    """Lower case, no surrounding blanks; raises ``WaitlistError`` naming the problem."""
    email = (email or "").strip().lower()
    if not email:
        raise WaitlistError("Enter your email address.", field="email", code="required")
    try:
        validate_email(email)
    except ValidationError as error:
        raise WaitlistError(
            f"{email!r} is not a valid email address; enter one like name@example.com.",
            field="email",
        ) from error
    return email


def waitlist_filter(target: Target) -> Q:
    """The entries of ``target``'s waitlist."""
    return Q(kind=kind_for(target).name, target_id=target.pk)


def _live(target: Target):
    return WaitlistEntry.objects.filter(waitlist_filter(target), status__in=LIVE_WAITLIST_STATUSES)


def _waiting(target: Target):
    return WaitlistEntry.objects.filter(waitlist_filter(target), status=WaitlistStatus.WAITING)


def waitlist_join(*, target: Target, email: str, user=None, now: datetime | None = None) -> Joined:
    """Put ``email`` on ``target``'s waitlist; joining again returns the same entry.

    Refused (``WaitlistError``) for a bad address, a target no longer on sale, or one with
    more free places than people already waiting (buy one instead). A new entry is confirmed
    by the kind after the commit (``waitlist_joined``)."""
    now = now or timezone.now()
    email = email_normalise(email)
    reason = kind_for(target).not_on_sale(target, now=now)
    if reason:
        raise WaitlistError(f"{reason} Its waitlist is closed.", code="closed")
    with transaction.atomic():
        locked = target_lock(target)
        existing = _live(locked).filter(email=email).first()
        if existing is None:
            free = places_left(target=locked, now=now)
            if free > _waiting(locked).count():
                raise WaitlistError(
                    f"{kind_for(locked).title(locked)} still has {free} place(s) left: "
                    "buy one now.",
                    code="places_left",
                )
            last = WaitlistEntry.objects.filter(waitlist_filter(locked)).aggregate(
                last=Max("position")
            )["last"]
            entry = WaitlistEntry(email=email, position=(last or 0) + 1)
            entry.target = locked
            if user is not None and user.is_authenticated:
                entry.user = user
            entry.save()
            kind_for(locked).waitlist_joined(locked, entry=entry)
        elif user is not None and user.is_authenticated and existing.user_id is None:
            existing.user = user
            existing.save(update_fields=["user"])
        entry = existing or entry
        ahead = _waiting(locked).filter(position__lt=entry.position).count()
    return Joined(entry=entry, created=existing is None, ahead=ahead)


def waitlist_offer_next(*, target: Target, now: datetime | None = None) -> list[WaitlistEntry]:
    """Offer every free place of ``target`` to the next people waiting; returns new offers.

    Under the target's row lock: live offers are settled first (bought, lapsed, or their
    place taken back after an abandoned checkout), then each place still free goes to the
    next waiting entry, held for ``OFFER_HOURS``. Idempotent: with no free place it does
    nothing, so running it twice (or concurrently) never makes a second offer."""
    now = now or timezone.now()
    offered: list[WaitlistEntry] = []
    with transaction.atomic():
        locked = target_lock(target)
        for entry in WaitlistEntry.objects.select_for_update().filter(
            waitlist_filter(locked), status=WaitlistStatus.OFFERED
        ):
            _offer_settle(entry, locked, now=now)
        free = places_left(target=locked, now=now)
        if free <= 0:
            return offered
        for entry in (
            _waiting(locked).select_for_update().order_by("position", "created_at", "pk")[:free]
        ):
            if _offer(entry, locked, now=now):
                offered.append(entry)
    return offered


def _offer(entry: WaitlistEntry, target: Target, *, now: datetime) -> bool:
    expires_at = now + timedelta(hours=OFFER_HOURS)
    try:
        hold = hold_place(
            target=target,
            reference=entry.hold_reference,
            places=1,
            expires_at=expires_at,
            now=now,
        )
    except NotEnoughPlaces:
        return False
    entry.status = WaitlistStatus.OFFERED
    entry.offer_token = secrets.token_urlsafe(32)
    entry.offered_at = now
    entry.offer_expires_at = hold.expires_at  # a workshop starting sooner cuts it short
    entry.save()
    kind_for(target).offer_made(target, entry=entry)
    logger.info("Waitlist entry %s offered a place until %s.", entry.pk, expires_at)
    return True


def _offer_settle(entry: WaitlistEntry, target: Target, *, now: datetime) -> None:
    """Bring one ``offered`` entry up to date (call with the target and the entry locked)."""
    state = kind_for(target).offer_checkout_state(target, entry=entry)
    if state == OFFER_BOUGHT:
        _end(entry, WaitlistStatus.CONVERTED, now=now)
    elif state == OFFER_PAYING:
        return  # the checkout holds the place now; it settles the other way when it ends
    elif entry.offer_expires_at <= now:
        hold_release(reference=entry.hold_reference)
        _end(entry, WaitlistStatus.LAPSED, now=now)
    elif not hold_is_live(target=target, reference=entry.hold_reference, now=now):
        # A checkout from the offer was abandoned: the place is the offer's again.
        try:
            hold_place(
                target=target,
                reference=entry.hold_reference,
                places=1,
                expires_at=entry.offer_expires_at,
                now=now,
            )
        except NotEnoughPlaces:
            logger.warning("Waitlist entry %s: its place was taken meanwhile.", entry.pk)


def _end(entry: WaitlistEntry, status: str, *, now: datetime) -> None:
    entry.status = status
    entry.ended_at = now
    entry.save(update_fields=["status", "ended_at"])


def waitlist_sweep(*, now: datetime | None = None) -> int:
    """Run ``waitlist_offer_next`` for every target with a live waitlist (offers past their
    time lapse there and pass on); returns the number of new offers."""
    now = now or timezone.now()
    entries = WaitlistEntry.objects.filter(status__in=LIVE_WAITLIST_STATUSES)
    offers = 0
    for target in _targets(entries):
        offers += len(waitlist_offer_next(target=target, now=now))
    return offers


def _targets(entries) -> list[Target]:
    """The targets ``entries`` wait for (one read each), skipping any no longer there."""
    targets = []
    for kind, target_id in entries.values_list("kind", "target_id").distinct().order_by():
        try:
            targets.append(target_get(kind, target_id))
        except (LookupError, ObjectDoesNotExist):
            logger.warning("Waitlist of %s %s: its target is gone.", kind, target_id)
    return targets


def waitlist_reorder(*, target: Target, entry_ids: list[int]) -> list[WaitlistEntry]:
    """Staff put the waiting entries in this order (every waiting entry, each once)."""
    with transaction.atomic():
        locked = target_lock(target)
        waiting = {e.pk: e for e in _waiting(locked).select_for_update()}
        if sorted(entry_ids) != sorted(waiting):
            raise WaitlistError(
                "The waitlist changed while you were reordering it; reload it and try again.",
                code="stale",
            )
        for position, pk in enumerate(entry_ids, start=1):
            waiting[pk].position = position
        WaitlistEntry.objects.bulk_update(waiting.values(), ["position"])
    return [waiting[pk] for pk in entry_ids]


def waitlist_move(*, entry: WaitlistEntry, by: int) -> list[WaitlistEntry]:
    """Move a waiting entry ``by`` places (negative: towards the front)."""
    if entry.status != WaitlistStatus.WAITING:
        raise WaitlistError(f"Only waiting entries move; {entry.email} is {entry.status}.")
    order = list(
        _waiting(entry.target).order_by("position", "created_at", "pk").values_list("pk", flat=True)
    )
    index = order.index(entry.pk)
    order.insert(max(0, min(len(order) - 1, index + by)), order.pop(index))
    return waitlist_reorder(target=entry.target, entry_ids=order)


def waitlist_leave(*, entry: WaitlistEntry, now: datetime | None = None) -> WaitlistEntry:
    """Step out of the waitlist; an offered place passes to the next person (the released
    hold announces ``places_freed``). Refused while the offered place is being paid for.
    Idempotent."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = target_lock(entry.target)
        entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status not in LIVE_WAITLIST_STATUSES:
            return entry
        was_offered = entry.status == WaitlistStatus.OFFERED
        if (
            was_offered
            and kind_for(locked).offer_checkout_state(locked, entry=entry) == OFFER_PAYING
        ):
            raise WaitlistError(
                "You are paying for this place already; cancel that checkout first.",
                code="in_checkout",
            )
        _end(entry, WaitlistStatus.LEFT, now=now)
        if was_offered:
            hold_release(reference=entry.hold_reference)
    return entry
