"""A refund ends access wherever the order's place lives now (after transfers), and
invitations left without a seat by a refund are voided, their invitees told."""

import pytest

from django.utils import timezone

from courses.models import Enrollment, EnrollmentStatus, EnrollmentTier
from courses.selectors import AccessReason, lesson_access
from courses.services import enrollment_transfer
from payments.errors import TeamError
from payments.models import InvitationStatus, OrderStatus, TeamInvitation
from payments.orders import order_checkout_start, order_refund
from payments.teams import (
    invitation_from_link_token,
    invitation_link_token,
    team_invite,
    team_seat_claim,
)
from tests.factories import (
    LessonPageFactory,
    OpenCohortFactory,
    VerifiedUserFactory,
    WeekPageFactory,
    WeekReleaseFactory,
)

from .conftest import event_of, post_event

pytestmark = pytest.mark.django_db


def paid(client, stripe_double, settle, *, buyer, cohort, seats=1, tier=EnrollmentTier.STANDARD):
    order = order_checkout_start(
        buyer=buyer, target=cohort, tier=tier, seats=seats, site_url="http://t"
    ).order
    stripe_double.complete_session(order.stripe_session_id)
    completed = event_of(stripe_double, "checkout.session.completed", order.stripe_session_id)
    with settle():
        post_event(client, stripe_double, completed["id"])
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    return order


@pytest.fixture
def lesson(cohort):
    week = WeekPageFactory(parent=cohort.course, number=1)
    return LessonPageFactory(parent=week, title="Outcomes over output")


def later_class(cohort, name: str):
    """Another class of the same course, its week 1 already open."""
    later = OpenCohortFactory(course=cohort.course, name=name)
    WeekReleaseFactory(cohort=later, week_number=1)
    return later


@pytest.mark.parametrize("transfers", [1, 2])
def test_a_transferred_then_refunded_student_loses_the_class_they_moved_to(
    client, stripe_double, settle, buyer, cohort, lesson, transfers
):
    order = paid(client, stripe_double, settle, buyer=buyer, cohort=cohort)
    enrollment = Enrollment.objects.get(pk=order.enrollment_id)
    for n in range(transfers):
        enrollment = enrollment_transfer(
            enrollment=enrollment, to_cohort=later_class(cohort, f"Later class {n}")
        )
    assert lesson_access(user=buyer, lesson=lesson, now=timezone.now()).allowed

    with settle():
        order_refund(order=order)

    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.REFUNDED and enrollment.ended_at
    original = Enrollment.objects.get(pk=order.enrollment_id)
    assert original.status == EnrollmentStatus.TRANSFERRED  # history kept as it was
    access = lesson_access(user=buyer, lesson=lesson, now=timezone.now())
    assert access.reason == AccessReason.REVOKED
    assert not Enrollment.objects.filter(user=buyer, status=EnrollmentStatus.ACTIVE).exists()


def test_a_transferred_team_member_loses_the_new_class_when_their_seat_is_refunded(
    client, stripe_double, settle, cohort, lesson
):
    owner = VerifiedUserFactory(email="erin@example.com")
    order = paid(
        client,
        stripe_double,
        settle,
        buyer=owner,
        cohort=cohort,
        seats=2,
        tier=EnrollmentTier.EXECUTIVE,
    )
    member = VerifiedUserFactory(email="m@example.com")
    seat = team_seat_claim(
        invitation=team_invite(team=order.team, actor=owner, email=member.email), user=member
    )
    moved = enrollment_transfer(
        enrollment=seat.enrollment, to_cohort=later_class(cohort, "June class")
    )

    with settle():
        order_refund(order=order)

    moved.refresh_from_db()
    assert moved.status == EnrollmentStatus.REFUNDED
    assert lesson_access(user=member, lesson=lesson, now=timezone.now()).reason == (
        AccessReason.REVOKED
    )


def test_invitations_beyond_the_seats_left_are_voided_and_the_invitees_told(
    client, stripe_double, settle, cohort, mailoutbox
):
    owner = VerifiedUserFactory(email="erin@example.com", first_name="Erin")
    first = paid(
        client,
        stripe_double,
        settle,
        buyer=owner,
        cohort=cohort,
        seats=2,
        tier=EnrollmentTier.EXECUTIVE,
    )
    team = first.team
    more = order_checkout_start(
        buyer=owner,
        target=cohort,
        tier=EnrollmentTier.EXECUTIVE,
        seats=2,
        team=team,
        site_url="http://t",
    ).order
    stripe_double.complete_session(more.stripe_session_id)
    completed = event_of(stripe_double, "checkout.session.completed", more.stripe_session_id)
    with settle():
        post_event(client, stripe_double, completed["id"])
    invitations = [team_invite(team=team, actor=owner, email=f"c{n}@example.com") for n in range(4)]
    mailoutbox.clear()

    with settle():
        order_refund(order=more)  # two of the four seats

    statuses = [TeamInvitation.objects.get(pk=i.pk).status for i in invitations]
    assert statuses == [InvitationStatus.PENDING] * 2 + [InvitationStatus.VOIDED] * 2
    told = [m for m in mailoutbox if "was withdrawn" in m.subject]
    assert sorted(m.to[0] for m in told) == ["c2@example.com", "c3@example.com"]
    ((html, _),) = told[0].alternatives
    assert "seat has since been refunded" in told[0].body and "seat has since been refunded" in html
    with pytest.raises(TeamError, match="the team's seats were refunded"):
        invitation_from_link_token(invitation_link_token(invitations[3]))
    # The invitations still covered by a seat keep working.
    assert invitation_from_link_token(invitation_link_token(invitations[0])).pk == invitations[0].pk


def test_a_voided_invitation_cannot_be_claimed(client, stripe_double, settle, cohort):
    owner = VerifiedUserFactory(email="erin@example.com")
    order = paid(
        client,
        stripe_double,
        settle,
        buyer=owner,
        cohort=cohort,
        seats=2,
        tier=EnrollmentTier.EXECUTIVE,
    )
    invitation = team_invite(team=order.team, actor=owner, email="late@example.com")
    with settle():
        order_refund(order=order)

    with pytest.raises(TeamError, match="no longer has a seat"):
        team_seat_claim(invitation=invitation, user=VerifiedUserFactory(email="late@example.com"))
    assert not Enrollment.objects.filter(user__email="late@example.com").exists()
