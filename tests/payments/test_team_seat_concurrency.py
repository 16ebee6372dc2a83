"""Two reassignments of one claimed seat at the same moment give one: the team row lock
serialises them, and the second sees the seat already given back (PostgreSQL, real threads)."""

import pytest

from courses.models import Enrollment, EnrollmentStatus
from engine.capacity.models import Hold
from payments.errors import TeamError
from payments.models import InvitationStatus, SeatStatus, TeamInvitation, TeamSeat
from payments.teams import team_seat_reassign
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import VerifiedUserFactory

from .team_support import RunningTeam

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def test_two_concurrent_reassignments_of_one_seat_give_one():
    owner = VerifiedUserFactory(email="erin@example.com")
    running = RunningTeam(owner=owner, seats=3)
    seat = running.member("ada@example.com")

    def reassign(index: int):
        return team_seat_reassign(
            team=running.team, actor=owner, seat_id=seat.pk, email=f"new{index}@example.com"
        )

    results = run_in_threads(reassign, 2)
    invitations = [r for r in results if isinstance(r, TeamInvitation)]
    refusals = [r for r in results if isinstance(r, TeamError)]
    assert len(invitations) == 1 and len(refusals) == 1, results
    assert "already given back" in refusals[0].message
    assert TeamSeat.objects.get(pk=seat.pk).status == SeatStatus.RELEASED
    assert Enrollment.objects.get(pk=seat.enrollment_id).status == EnrollmentStatus.ENDED_BY_STAFF
    pending = TeamInvitation.objects.filter(team=running.team, status=InvitationStatus.PENDING)
    assert list(pending.values_list("email", flat=True)) == [invitations[0].email]
    assert Hold.objects.get(reference=running.team.hold_reference).places == 3
