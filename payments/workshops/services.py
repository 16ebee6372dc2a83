"""Workshop tickets as a kind of the capacity engine (``engine.capacity``), and the writes
that issue and end tickets.

``WorkshopTickets`` tells the engine what only payments knows: a place is taken for good by
an active ticket (its ``quantity``), a workshop sells while it is live and not started, no
hold outlives its start, and a sold-out workshop answers with ``WorkshopSoldOut``. Holds,
counting and the announcement of freed places (``engine.capacity.signals.places_freed``,
which the waitlist hears) are the engine's. Registered in ``PaymentsConfig.ready()``.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from engine.capacity.errors import NotEnoughPlaces
from engine.capacity.kinds import CapacityKind
from engine.capacity.services import places_freed_announce, places_left, places_take
from payments.models import Ticket, TicketStatus, WorkshopPage


class WorkshopSoldOut(NotEnoughPlaces):
    """Not enough tickets left; nothing was written."""

    def __init__(self, workshop: WorkshopPage, *, tickets_left: int = 0, tickets_wanted: int = 1):
        self.workshop = workshop
        self.tickets_left = tickets_left
        self.tickets_wanted = tickets_wanted
        if tickets_left:
            message = (
                f"{workshop.title} has only {tickets_left} ticket(s) left; "
                f"you asked for {tickets_wanted}."
            )
        else:
            message = f"{workshop.title} is sold out."
        super().__init__(
            message, target=workshop, places_left=tickets_left, places_wanted=tickets_wanted
        )


class WorkshopTickets(CapacityKind):
    name = "workshop"
    model = WorkshopPage
    place_noun = "ticket"

    def places_taken_permanently(self, target: WorkshopPage) -> int:
        sold = Ticket.objects.filter(workshop=target, status=TicketStatus.ACTIVE).aggregate(
            total=Sum("quantity")
        )["total"]
        return sold or 0

    def hold_expiry_limit(self, target: WorkshopPage) -> datetime:
        return target.starts_at

    def title(self, target: WorkshopPage) -> str:
        return target.title

    def not_on_sale(self, target: WorkshopPage, *, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if not target.live or target.starts_at <= now:
            return f"{target.title} is no longer on sale."
        return ""

    def not_enough_places(
        self, target: WorkshopPage, *, places_left: int, places_wanted: int
    ) -> WorkshopSoldOut:
        return WorkshopSoldOut(target, tickets_left=places_left, tickets_wanted=places_wanted)

    def buy_url(self, target: WorkshopPage) -> str:
        return target.url or "/"

    def join_url(self, target: WorkshopPage) -> str:
        return reverse("payments:workshop_waitlist_join", args=[target.pk])


def workshop_tickets_left(*, workshop: WorkshopPage, now: datetime | None = None) -> int:
    return places_left(target=workshop, now=now)


def ticket_issue(
    *, workshop: WorkshopPage, holder, reference: str, tickets: int, order=None, now: datetime
) -> Ticket:
    """Turn the hold ``reference`` into a ticket for ``holder``, under the workshop's lock.

    Without an unexpired hold (the checkout outlived it), the places are taken from what is
    free now, or ``WorkshopSoldOut`` is raised and nothing is written.
    """
    with transaction.atomic():
        places_take(target=workshop, reference=reference, places=tickets, now=now)
        return Ticket.objects.create(
            workshop=workshop, holder=holder, order=order, quantity=tickets
        )


def ticket_end(*, ticket: Ticket, status: str = TicketStatus.REFUNDED, now: datetime) -> bool:
    """End an active ticket (refunded, cancelled): its places are free again (the waitlist
    hears of it after the commit). Idempotent."""
    with transaction.atomic():
        moved = Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.ACTIVE).update(
            status=status, ended_at=now
        )
        if moved:
            places_freed_announce(target=ticket.workshop)
    return bool(moved)
