"""The refund hole under real concurrency (PostgreSQL, threads): a refund racing a transfer
leaves no place anywhere, and a refund racing invitees taking their seats never leaves more
members or waiting invitations than seats paid for."""

import pytest

from courses.models import Enrollment, EnrollmentStatus, EnrollmentTier
from courses.services import EnrollmentNotActive, enrollment_transfer
from payments.errors import TeamError
from payments.models import InvitationStatus, Order, OrderStatus, SeatStatus, TeamInvitation
from payments.orders import checkout_session_settle, order_checkout_start, order_refund
from payments.teams import team_invite, team_seat_claim
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import OpenCohortFactory, VerifiedUserFactory, on_sale_cohort

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def paid(stripe_double, *, buyer, cohort, seats=1, tier=EnrollmentTier.STANDARD, team=None):
    order = order_checkout_start(
        buyer=buyer, target=cohort, tier=tier, seats=seats, team=team, site_url="http://t"
    ).order
    stripe_double.complete_session(order.stripe_session_id)
    order = checkout_session_settle(session_id=order.stripe_session_id)
    assert order.status == OrderStatus.FULFILLED
    return order


def test_a_refund_racing_a_transfer_leaves_the_student_no_place(stripe_double):
    cohort = on_sale_cohort(slug="april-2027")
    later = OpenCohortFactory(course=cohort.course, name="May class")
    buyer = VerifiedUserFactory()
    order = paid(stripe_double, buyer=buyer, cohort=cohort)
    enrollment = Enrollment.objects.get(pk=order.enrollment_id)

    def act(index: int):
        if index == 0:
            return enrollment_transfer(enrollment=enrollment, to_cohort=later)
        return order_refund(order=order)

    results = run_in_threads(act, 2)

    unexpected = [
        r for r in results if isinstance(r, Exception) and not isinstance(r, EnrollmentNotActive)
    ]
    assert unexpected == []
    assert Order.objects.get(pk=order.pk).status == OrderStatus.REFUNDED
    assert not Enrollment.objects.filter(user=buyer, status=EnrollmentStatus.ACTIVE).exists()


def test_a_refund_racing_invitees_never_leaves_more_than_the_seats_paid_for(stripe_double):
    cohort = on_sale_cohort(slug="april-2027", capacity=40)
    owner = VerifiedUserFactory()
    first = paid(stripe_double, buyer=owner, cohort=cohort, seats=2, tier=EnrollmentTier.EXECUTIVE)
    team = first.team
    more = paid(
        stripe_double,
        buyer=owner,
        cohort=cohort,
        seats=2,
        tier=EnrollmentTier.EXECUTIVE,
        team=team,
    )
    people = [VerifiedUserFactory() for _ in range(4)]
    invitations = [team_invite(team=team, actor=owner, email=p.email) for p in people]

    def act(index: int):
        if index == 4:
            return order_refund(order=more)
        return team_seat_claim(invitation=invitations[index], user=people[index])

    results = run_in_threads(act, 5)

    errors = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(e, TeamError) for e in errors), errors
    team.refresh_from_db()
    assert team.seats_total == 2
    members = team.seats.filter(status=SeatStatus.ACTIVE)
    waiting = TeamInvitation.objects.filter(team=team, status=InvitationStatus.PENDING)
    assert members.count() + waiting.count() <= 2
    active = Enrollment.objects.filter(cohort=cohort, status=EnrollmentStatus.ACTIVE)
    assert active.count() == members.count()
    accepted = TeamInvitation.objects.filter(team=team, status=InvitationStatus.ACCEPTED)
    assert len(errors) == len(people) - accepted.count()  # each refused claim was told why
