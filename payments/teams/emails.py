"""Team emails beyond the invitation: a member whose unstarted seat was given to someone else.

Through the outbox like every payments email (``payments.emails._send_once``): one row per
``(kind, reference)``, so a retried task sends nothing twice.
"""

from django.urls import reverse

from payments.emails import _send_once, absolute
from payments.models import SeatStatus, TeamSeat


def team_seat_reassigned_send(*, seat_id: int) -> bool:
    """Tell the former member their seat went to a colleague and their access ended."""
    seat = TeamSeat.objects.select_related("user", "team__owner", "team__cohort").get(pk=seat_id)
    if seat.status != SeatStatus.RELEASED:
        return False
    team = seat.team
    return _send_once(
        kind="team_seat_reassigned",
        reference=f"seat:{seat.pk}",
        to=[seat.user.email],
        subject=f"Your seat in {team.cohort.name} was given to a colleague",
        context={"seat": seat, "team": team, "classes_url": absolute(reverse("payments:classes"))},
    )
