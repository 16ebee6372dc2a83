"""Workshops: tickets as a kind of limited place (``services``), the pages' reads
(``selectors``), confirmation and reminder emails (``emails``), the ``.ics`` invitation
(``ics``), the attendee export (``admin``) and the buy view (``views``). This module is the
public surface."""

from .emails import workshop_reminders_send, workshop_ticket_send
from .ics import workshop_ticket_ics
from .selectors import workshop_page_view, workshops_upcoming
from .services import (
    WorkshopSoldOut,
    WorkshopTickets,
    ticket_end,
    ticket_issue,
    workshop_tickets_left,
)

__all__ = [
    "WorkshopSoldOut",
    "WorkshopTickets",
    "ticket_end",
    "ticket_issue",
    "workshop_page_view",
    "workshop_reminders_send",
    "workshop_ticket_ics",
    "workshop_ticket_send",
    "workshop_tickets_left",
    "workshops_upcoming",
]
