"""Staff's attendee list of a workshop as CSV, from the page's "Attendees (CSV)" button.

Only users who may edit the workshop page (editors, moderators, admins) get it. Cells that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) are prefixed with ``'`` (OWASP's advice on CSV injection), because names and
addresses are typed by buyers. https://owasp.org/www-community/attacks/CSV_Injection
"""

import csv
from datetime import UTC

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from payments.models import WorkshopPage
from payments.workshops.selectors import workshop_attendees

CSV_HEADER = ["Name", "Email", "Tickets", "Order", "Bought at (UTC)"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def workshop_attendees_csv(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_object_or_404(WorkshopPage, pk=pk)
    if not workshop.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendees-{workshop.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for ticket in workshop_attendees(workshop=workshop):
        holder = ticket.holder
        bought = timezone.localtime(ticket.created_at, UTC)
        writer.writerow(
            [
                csv_safe(holder.get_full_name()),
                csv_safe(holder.email),
                ticket.quantity,
                ticket.order_id or "",
                f"{bought:%Y-%m-%d %H:%M}",
            ]
        )
    return response
