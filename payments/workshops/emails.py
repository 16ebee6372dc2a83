"""Emails to workshop ticket holders: the confirmation with an ``.ics`` invitation, and the
reminder the day before. Both are outbox rows (``emails._send_once``, unique per
``(kind, reference)``), so each is sent once per ticket whatever retries or twin workers do;
both have a text and an HTML part."""

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from engine.ics import ICS_CONTENT_TYPE
from engine.outbox.services import outbox_email_send_now
from payments.emails import _enqueue, _send_once, absolute
from payments.models import Ticket, TicketStatus
from payments.workshops.ics import workshop_ticket_ics

# The reminder goes out when the workshop is this close (the beat entry runs hourly).
REMINDER_AHEAD = timedelta(hours=24)


def _ticket(ticket_id: int) -> Ticket:
    return Ticket.objects.select_related("workshop", "holder", "order").get(pk=ticket_id)


def _context(ticket: Ticket) -> dict:
    workshop = ticket.workshop
    return {
        "ticket": ticket,
        "workshop": workshop,
        "workshop_url": workshop.full_url or absolute(workshop.url or "/"),
        "order_url": absolute(reverse("payments:order_detail", args=[ticket.order_id]))
        if ticket.order_id
        else "",
    }


def workshop_ticket_send(*, ticket_id: int, now: datetime | None = None) -> bool:
    """The buyer's confirmation, with the invitation attached as ``workshop.ics``."""
    ticket = _ticket(ticket_id)
    if ticket.status != TicketStatus.ACTIVE:
        return False
    context = _context(ticket)
    ics = workshop_ticket_ics(ticket=ticket, url=context["workshop_url"], now=now)
    return _send_once(
        kind="workshop_ticket",
        reference=f"ticket:{ticket.pk}",
        to=[ticket.holder.email],
        subject=f"Your ticket: {ticket.workshop.title}, "
        f"{ticket.workshop.local_starts_at:%-d %B %Y}",
        context=context,
        attachments=(("workshop.ics", ics, ICS_CONTENT_TYPE),),
    )


def workshop_reminder_send(*, ticket_id: int, now: datetime | None = None) -> bool:
    """The day-before reminder of one ticket; True only for the call that sent it."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _ticket(ticket_id)
        if ticket.status != TicketStatus.ACTIVE or ticket.workshop.starts_at <= now:
            return False
        email, created = _enqueue(
            kind="workshop_reminder",
            reference=f"ticket:{ticket.pk}",
            to=[ticket.holder.email],
            subject=f"Reminder: {ticket.workshop.title}, "
            f"{ticket.workshop.local_starts_at:%A %-d %B at %H:%M}",
            context=_context(ticket),
        )
        if created:
            Ticket.objects.filter(pk=ticket.pk).update(reminder_sent_at=now)
    return email is not None and outbox_email_send_now(email=email)


def workshop_reminders_send(*, now: datetime | None = None) -> int:
    """Remind every active ticket of a workshop starting within ``REMINDER_AHEAD`` that has
    not been reminded; returns how many reminders this call sent."""
    from payments.workshops.selectors import tickets_due_reminder

    now = now or timezone.now()
    ids = tickets_due_reminder(now=now, ahead=REMINDER_AHEAD)
    return sum(workshop_reminder_send(ticket_id=ticket_id, now=now) for ticket_id in ids)
