"""Reads of workshops: the page's view of tickets left and of the visitor's own ticket, the
list of upcoming workshops, attendees for the CSV export, tickets due a reminder.

Each costs a fixed number of queries whatever the number of tickets (tests hold them to it).
The venue and the online link are shown only when ``WorkshopView.shows_location`` says so:
to a holder of an active ticket, or to staff.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet, Sum
from django.utils import timezone

from engine.capacity.services import places_held_by_target
from payments.models import Ticket, TicketStatus, WorkshopIndexPage, WorkshopPage
from payments.workshops.services import WorkshopTickets, workshop_tickets_left


@dataclass(frozen=True)
class WorkshopView:
    workshop: WorkshopPage
    tickets_left: int
    ticket: Ticket | None
    is_staff: bool
    on_sale: bool
    #: Every place the visitor holds, over all their orders (a ticket per order).
    tickets_held: int = 0

    @property
    def sold_out(self) -> bool:
        return self.tickets_left == 0

    @property
    def shows_location(self) -> bool:
        return self.ticket is not None or self.is_staff


def workshop_page_view(
    *, workshop: WorkshopPage, user, now: datetime | None = None
) -> WorkshopView:
    """What the workshop page shows this visitor (three queries at most)."""
    now = now or timezone.now()
    tickets = workshop_tickets_of(workshop=workshop, user=user)
    return WorkshopView(
        workshop=workshop,
        tickets_left=workshop_tickets_left(workshop=workshop, now=now),
        ticket=tickets[0] if tickets else None,
        is_staff=bool(getattr(user, "is_staff", False)),
        on_sale=workshop.starts_at > now,
        tickets_held=sum(ticket.quantity for ticket in tickets),
    )


def workshop_tickets_of(*, workshop: WorkshopPage, user) -> list[Ticket]:
    """The user's active tickets to ``workshop``: one per order they paid, so a buyer who
    bought twice holds the places of both (one query; none when signed out)."""
    if not user.is_authenticated:
        return []
    return list(
        Ticket.objects.filter(workshop=workshop, holder=user, status=TicketStatus.ACTIVE).order_by(
            "pk"
        )
    )


def workshops_upcoming(
    *, index: WorkshopIndexPage | None = None, now: datetime | None = None
) -> list[WorkshopPage]:
    """Live workshops not started yet, soonest first, each with ``tickets_left`` set
    (three queries for any number of workshops)."""
    now = now or timezone.now()
    workshops = WorkshopPage.objects.live().filter(starts_at__gt=now).order_by("starts_at")
    if index is not None:
        workshops = workshops.child_of(index)
    workshops = list(workshops)
    ids = [w.pk for w in workshops]
    sold = dict(
        Ticket.objects.filter(workshop__in=ids, status=TicketStatus.ACTIVE)
        .values_list("workshop")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    held = places_held_by_target(kind=WorkshopTickets.name, target_ids=ids, now=now)
    for workshop in workshops:
        taken = sold.get(workshop.pk, 0) + held.get(workshop.pk, 0)
        workshop.tickets_left = max(workshop.capacity - taken, 0)
    return workshops


def workshop_attendees(*, workshop: WorkshopPage) -> QuerySet[Ticket]:
    """Active tickets with their holder and order, in the order they were bought."""
    return (
        Ticket.objects.filter(workshop=workshop, status=TicketStatus.ACTIVE)
        .select_related("holder", "order")
        .order_by("created_at", "pk")
    )


def tickets_due_reminder(*, now: datetime, ahead: timedelta) -> list[int]:
    """Ids of active, not yet reminded tickets of workshops starting within ``ahead``."""
    return list(
        Ticket.objects.filter(
            status=TicketStatus.ACTIVE,
            reminder_sent_at__isnull=True,
            workshop__starts_at__gt=now,
            workshop__starts_at__lte=now + ahead,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
