"""Workshop tickets: places taken by tickets and by holds, and the writes that move them.

The same pattern as ``courses/holds.py``: every function that can take a place locks the
workshop's page row first (``SELECT ... FOR UPDATE``), counts, then writes, so any number of
buyers of the last ticket serialise on PostgreSQL and a workshop of 20 never sells 21.

A place freed (a hold released or swept after expiry, a ticket refunded) sends
``payments.signals.place_freed`` once the transaction commits (sender ``WorkshopPage``,
``target`` the workshop), so the waitlist can offer it to the next person.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from payments.models import Ticket, TicketHold, TicketStatus, WorkshopPage


class WorkshopSoldOut(Exception):
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
        super().__init__(message)
        self.message = message


def place_freed_on_commit(workshop: WorkshopPage) -> None:
    """Tell the waitlist (``payments.signals.place_freed``) once this transaction commits."""
    from payments.signals import place_freed

    transaction.on_commit(
        lambda: place_freed.send(sender=WorkshopPage, target=workshop), robust=True
    )


def unexpired_ticket_holds(*, now: datetime) -> QuerySet[TicketHold]:
    return TicketHold.objects.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def workshop_tickets_taken(
    *, workshop: WorkshopPage, now: datetime | None = None, exclude_hold: str = ""
) -> int:
    """Active tickets plus places of unexpired holds (optionally leaving one hold out)."""
    now = now or timezone.now()
    sold = Ticket.objects.filter(workshop=workshop, status=TicketStatus.ACTIVE).aggregate(
        total=Sum("quantity")
    )["total"]
    holds = (
        unexpired_ticket_holds(now=now).filter(workshop=workshop).exclude(reference=exclude_hold)
    )
    held = holds.aggregate(total=Sum("tickets"))["total"]
    return (sold or 0) + (held or 0)


def workshop_tickets_left(*, workshop: WorkshopPage, now: datetime | None = None) -> int:
    return max(workshop.capacity - workshop_tickets_taken(workshop=workshop, now=now), 0)


def lock_workshop(workshop: WorkshopPage) -> WorkshopPage:
    return WorkshopPage.objects.select_for_update(of=("self",)).get(pk=workshop.pk)


def ticket_hold_place(
    *,
    workshop: WorkshopPage,
    reference: str,
    tickets: int,
    expires_at: datetime | None,
    now: datetime | None = None,
) -> TicketHold:
    """Hold ``tickets`` places for ``reference``; raises ``WorkshopSoldOut`` when they are not
    free. Idempotent per reference: placing the same hold again returns it (resized and
    re-timed if asked, capacity permitting)."""
    if tickets < 1:
        raise ValueError("A hold is for at least one ticket.")
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_workshop(workshop)
        taken = workshop_tickets_taken(workshop=locked, now=now, exclude_hold=reference)
        if taken + tickets > locked.capacity:
            raise WorkshopSoldOut(
                locked, tickets_left=max(locked.capacity - taken, 0), tickets_wanted=tickets
            )
        hold, _ = TicketHold.objects.update_or_create(
            reference=reference,
            defaults={"workshop": locked, "tickets": tickets, "expires_at": expires_at},
        )
    return hold


def ticket_hold_release(*, reference: str) -> int:
    """Give the held places back; returns how many (0 if there was no hold: idempotent)."""
    with transaction.atomic():
        hold = (
            TicketHold.objects.select_for_update(of=("self",))
            .select_related("workshop")
            .filter(reference=reference)
            .first()
        )
        if hold is None:
            return 0
        tickets, workshop = hold.tickets, hold.workshop
        hold.delete()
        place_freed_on_commit(workshop)
    return tickets


def ticket_hold_rekey(
    *,
    workshop: WorkshopPage,
    reference: str,
    new_reference: str,
    tickets: int,
    expires_at: datetime | None,
    now: datetime | None = None,
) -> TicketHold:
    """Hand the places held for ``reference`` (if any, e.g. a waitlist offer) to a new hold
    ``new_reference`` (a checkout's order), in one locked step: nobody can take them in
    between, and no ``place_freed`` is sent. With no (unexpired) old hold this is
    ``ticket_hold_place``."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_workshop(workshop)
        if reference:
            TicketHold.objects.filter(workshop=locked, reference=reference).delete()
        return ticket_hold_place(
            workshop=locked,
            reference=new_reference,
            tickets=tickets,
            expires_at=expires_at,
            now=now,
        )


def ticket_issue(
    *, workshop: WorkshopPage, holder, reference: str, tickets: int, order=None, now: datetime
) -> Ticket:
    """Turn the hold ``reference`` into a ticket for ``holder``, under the workshop's lock.

    Without an unexpired hold (the checkout outlived it), the places are taken from what is
    free now, or ``WorkshopSoldOut`` is raised and nothing is written.
    """
    with transaction.atomic():
        locked = lock_workshop(workshop)
        hold = (
            unexpired_ticket_holds(now=now)
            .select_for_update(of=("self",))
            .filter(workshop=locked, reference=reference)
            .first()
        )
        if hold is None or hold.tickets < tickets:
            taken = workshop_tickets_taken(workshop=locked, now=now, exclude_hold=reference)
            if taken + tickets > locked.capacity:
                raise WorkshopSoldOut(
                    locked, tickets_left=max(locked.capacity - taken, 0), tickets_wanted=tickets
                )
        TicketHold.objects.filter(reference=reference).delete()
        return Ticket.objects.create(workshop=locked, holder=holder, order=order, quantity=tickets)


def ticket_end(*, ticket: Ticket, status: str = TicketStatus.REFUNDED, now: datetime) -> bool:
    """End an active ticket (refunded, cancelled): its places are free again. Idempotent."""
    with transaction.atomic():
        moved = Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.ACTIVE).update(
            status=status, ended_at=now
        )
        if moved:
            place_freed_on_commit(ticket.workshop)
    return bool(moved)


def ticket_holds_sweep(*, now: datetime | None = None) -> int:
    """Delete holds past their expiry and tell the waitlist of each workshop that got places
    back. Capacity never waits for this (expired holds do not count); it only makes the
    freeing visible. Returns how many holds were swept."""
    now = now or timezone.now()
    swept = 0
    expired = TicketHold.objects.filter(expires_at__lte=now).values_list("reference", flat=True)
    for reference in list(expired):
        with transaction.atomic():
            hold = (
                TicketHold.objects.select_for_update(of=("self",))
                .select_related("workshop")
                .filter(reference=reference, expires_at__lte=now)
                .first()
            )
            if hold is None:
                continue
            hold.delete()
            place_freed_on_commit(hold.workshop)
            swept += 1
    return swept
