"""Giving a claimed seat to someone else, while its member has not started.

A seat whose member has done no lesson yet can go to a colleague: the member loses their
place (``courses.services.enrollment_revoke_following_transfers``, wherever they were moved
to), is told by email, and the seat returns to the team's pool with an invitation for the new
person. Once the member has done a lesson the seat is theirs; the owner is told why. The team
row is locked first (as every pool write does, ``services``), so two owners' tabs reassigning
one seat at once give one reassignment and a clear refusal.
"""

from django.db import transaction
from django.utils import timezone

from courses.models import EnrollmentStatus
from courses.progress import enrollment_has_started
from courses.services import enrollment_revoke_following_transfers
from payments.errors import TeamError
from payments.models import SeatStatus, Team, TeamInvitation, TeamSeat

from .services import (
    _active_seats,
    _clean_email,
    _pool_resize,
    lock_team,
    team_invite,
    team_may_manage,
)

STARTED_REFUSAL = (
    "{member} has already done lessons in this class, so the seat is theirs now: a seat can "
    "only be given to someone else before its member has started."
)


def team_seat_reassign(*, team: Team, actor, seat_id: int, email: str) -> TeamInvitation:
    """Take the seat from a member who has not started and invite ``email`` to it."""
    from payments import tasks

    email = _clean_email(email)
    with transaction.atomic():
        team = lock_team(team.pk)
        if not team_may_manage(team, actor):
            raise TeamError("Only the team's owner or a co-admin can reassign seats.")
        seat = (
            TeamSeat.objects.select_for_update(of=("self",))
            .select_related("user", "enrollment")
            .filter(team=team, pk=seat_id)
            .first()
        )
        if seat is None:
            raise TeamError("No such seat in this team.")
        member = seat.user.get_full_name() or seat.user.email
        if seat.status != SeatStatus.ACTIVE:
            raise TeamError(f"{member}'s seat was already given back to the team.")
        if seat.user.email.lower() == email:
            raise TeamError(f"{email} already has this seat.", field="email")
        if enrollment_has_started(enrollment_id=seat.enrollment_id):
            raise TeamError(STARTED_REFUSAL.format(member=member))
        now = timezone.now()
        enrollment_revoke_following_transfers(
            enrollment=seat.enrollment, status=EnrollmentStatus.ENDED_BY_STAFF, now=now
        )
        seat.status = SeatStatus.RELEASED
        seat.released_at = now
        seat.save(update_fields=["status", "released_at"])
        _pool_resize(team, team.seats_total - _active_seats(team).count())
        tasks.team_seat_reassigned_email.delay_on_commit(seat.pk)
        return team_invite(team=team, actor=actor, email=email)
