"""Reads of the waitlists: is anyone waiting, an offer from its link, a list for staff."""

from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db.models import Count, Q
from django.utils import timezone

from engine.capacity.kinds import kind_get
from engine.capacity.models import WaitlistEntry, WaitlistStatus
from payments.waitlist.targets import Target, target_filter


def waitlist_has_waiting(*, target: Target) -> bool:
    return WaitlistEntry.objects.filter(
        target_filter(target), status=WaitlistStatus.WAITING
    ).exists()


def _entries_with_targets():
    return WaitlistEntry.objects.all()


class OfferUnavailable(Exception):
    """A waitlist link (an offer, or leaving) is unknown, used, or past its time; ``message``
    says which."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def waitlist_offer_for_token(*, token: str, now: datetime | None = None) -> WaitlistEntry:
    """The live offer behind an offer link, or ``OfferUnavailable`` saying why not."""
    now = now or timezone.now()
    entry = _entries_with_targets().filter(offer_token=token).first() if token else None
    if entry is None:
        raise OfferUnavailable(
            "This offer link is not valid. Use the link from your email as it is.", status=404
        )
    if entry.status == WaitlistStatus.CONVERTED:
        raise OfferUnavailable("You have already bought this place.", status=410)
    if entry.status == WaitlistStatus.LEFT:
        raise OfferUnavailable(
            "You left this waitlist, so the place went to the next person.", status=410
        )
    if entry.status == WaitlistStatus.LAPSED or entry.offer_expires_at <= now:
        raise OfferUnavailable(
            "This offer has expired and the place went to the next person on the waitlist.",
            status=410,
        )
    return entry


LEAVE_LINK_SALT = "payments.waitlist.services.leave"


def waitlist_leave_token(*, entry: WaitlistEntry) -> str:
    """The key of the "leave the waitlist" link in the join email: the entry's id, signed (an
    entry has no offer token until a place is offered)."""
    return signing.dumps(entry.pk, salt=LEAVE_LINK_SALT)


def waitlist_entry_for_leave_token(*, token: str) -> WaitlistEntry:
    """The entry behind a leave link, in whatever state it is, or ``OfferUnavailable``."""
    try:
        return _entries_with_targets().get(pk=signing.loads(token, salt=LEAVE_LINK_SALT))
    except (signing.BadSignature, WaitlistEntry.DoesNotExist):
        raise OfferUnavailable(
            "This link is not valid. Use the link from your email as it is.", status=404
        ) from None


@dataclass(frozen=True)
class WaitlistRow:
    target: Target
    waiting: int
    offered: int


def waitlists_overview() -> list[WaitlistRow]:
    """Every target with a live waitlist and its counts, for staff, grouped by kind, each in
    its model's order (a class by start date); one query for the counts, then one per kind."""
    counts = (
        WaitlistEntry.objects.values("kind", "target_id")
        .annotate(
            waiting=Count("pk", filter=Q(status=WaitlistStatus.WAITING)),
            offered=Count("pk", filter=Q(status=WaitlistStatus.OFFERED)),
        )
        .filter(Q(waiting__gt=0) | Q(offered__gt=0))
        .order_by("kind", "target_id")
    )
    by_kind: dict[str, dict[int, dict]] = {}
    for row in counts:
        by_kind.setdefault(row["kind"], {})[row["target_id"]] = row
    rows = []
    for kind_name, per_target in by_kind.items():
        try:
            model = kind_get(kind_name).model
        except LookupError:
            continue
        for target in model._default_manager.filter(pk__in=list(per_target)):
            row = per_target[target.pk]
            rows.append(WaitlistRow(target=target, waiting=row["waiting"], offered=row["offered"]))
    return rows


def waitlist_for_staff(*, target: Target) -> list[WaitlistEntry]:
    """The live entries in offer order (offers first, then who is next), then the ended."""
    entries = list(
        WaitlistEntry.objects.filter(target_filter(target))
        .select_related("user")
        .order_by("position", "created_at", "pk")
    )
    rank = {WaitlistStatus.OFFERED: 0, WaitlistStatus.WAITING: 1}
    return sorted(entries, key=lambda e: rank.get(e.status, 2))
