"""Teams: the seat pool a multi-seat order buys, invitations, and claiming a seat.

The pool's unclaimed seats are one hold without expiry (``team:<pk>``, ``engine.capacity``);
``seats_total`` is what was paid for. Every write that changes the pool locks the team row
first (then its invitations, then the cohort, through the courses services), in the order
``order -> team -> invitation -> cohort``, so fifteen colleagues accepting ten seats at once
give ten members and five clear "no seat left" answers. An owner acts only on their own
team: views look it up through ``selectors.team_for_owner`` (a 404 for anyone else's).
"""

import secrets
from datetime import datetime, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.capacity import CohortFull
from courses.models import EnrollmentSource, EnrollmentStatus
from courses.services import enrollment_create, enrollment_revoke_following_transfers
from engine.capacity.services import hold_get, hold_place, hold_rekey, hold_release
from payments.errors import TeamError
from payments.menu import team_menu_forget
from payments.models import (
    InvitationStatus,
    Order,
    SeatStatus,
    Team,
    TeamInvitation,
    TeamSeat,
)

INVITATION_SALT = "payments.team-invitation"
INVITATION_MAX_AGE = timedelta(days=30)
# Where the invitation page keeps the token while the invitee signs up and signs in.
INVITATION_SESSION_KEY = "payments_invitation"
_VOIDED = (
    "This invitation no longer has a seat: the team's seats were refunded. Ask {owner} if "
    "you should still join."
)


def lock_team(team_id: int) -> Team:
    return Team.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=team_id)


def team_may_manage(team: Team, user) -> bool:
    """The owner, or a co-admin the owner named, may invite, revoke and reassign."""
    if user is None or not user.is_authenticated:
        return False
    return team.owner_id == user.pk or team.co_admins.filter(pk=user.pk).exists()


def _held_seats(team: Team, now: datetime | None = None) -> int:
    hold = hold_get(reference=team.hold_reference, now=now)
    return hold.places if hold else 0


def _active_seats(team: Team):
    return TeamSeat.objects.filter(team=team, status=SeatStatus.ACTIVE)


# -- from orders (called by payments.orders.fulfilment with the order locked) --------------------


def team_create_for_order(*, order: Order) -> Team:
    """A paid multi-seat order becomes a team; the order's held seats become its pool."""
    buyer = order.buyer
    team = Team.objects.create(
        owner=buyer,
        cohort=order.cohort,
        tier=order.tier,
        seats_total=order.seats,
        name=f"{buyer.get_full_name() or buyer.email}'s team",
    )
    hold_rekey(
        target=order.cohort,
        reference=order.hold_reference,
        new_reference=team.hold_reference,
        places=order.seats,
        expires_at=None,
    )
    order.team = team
    team_menu_forget(buyer.pk)
    return team


def team_add_seats_for_order(*, order: Order) -> Team:
    """More seats bought for an existing team join its pool."""
    team = lock_team(order.team_id)
    hold_rekey(
        target=team.cohort,
        reference=order.hold_reference,
        new_reference=team.hold_reference,
        places=_held_seats(team) + order.seats,
        expires_at=None,
    )
    team.seats_total += order.seats
    team.save(update_fields=["seats_total"])
    return team


def team_seats_remove(*, team_id: int, seats: int) -> list[TeamSeat]:
    """Refunded or disputed seats leave the pool: unclaimed ones first, then the members who
    claimed last lose their place (in whichever class they were moved to since), and
    invitations left without a seat are voided, newest first, each invitee told by email.
    Returns the seats released."""
    team = lock_team(team_id)
    team.seats_total = max(team.seats_total - seats, 0)
    team.save(update_fields=["seats_total"])
    members = list(_active_seats(team).select_related("enrollment").order_by("-claimed_at", "-pk"))
    over = max(len(members) - team.seats_total, 0)
    released = members[:over]
    now = timezone.now()
    for seat in released:
        enrollment_revoke_following_transfers(
            enrollment=seat.enrollment, status=EnrollmentStatus.REFUNDED, now=now
        )
        seat.status = SeatStatus.RELEASED
        seat.released_at = now
        seat.save(update_fields=["status", "released_at"])
    unclaimed = team.seats_total - (len(members) - over)
    _invitations_void_beyond_seats(team, unclaimed=unclaimed)
    _pool_resize(team, unclaimed)
    return released


def _invitations_void_beyond_seats(team: Team, *, unclaimed: int) -> list[TeamInvitation]:
    """Invitations waiting for seats that are no longer there (the team is locked): the
    newest are voided, their links stop working, and each invitee hears why."""
    from payments import tasks

    waiting = team.invitations.filter(status=InvitationStatus.PENDING)
    excess = max(waiting.count() - max(unclaimed, 0), 0)
    voided = list(waiting.order_by("-created_at", "-pk")[:excess])
    now = timezone.now()
    for invitation in voided:
        invitation.status = InvitationStatus.VOIDED
        invitation.voided_at = now
        invitation.save(update_fields=["status", "voided_at"])
        tasks.team_invitation_voided_email.delay_on_commit(invitation.pk)
    return voided


def _pool_resize(team: Team, unclaimed: int) -> None:
    if unclaimed <= 0:
        hold_release(reference=team.hold_reference)
    else:
        hold_place(
            target=team.cohort, reference=team.hold_reference, places=unclaimed, expires_at=None
        )


# -- invitations ---------------------------------------------------------------------------


def invitation_link_token(invitation: TeamInvitation) -> str:
    return signing.TimestampSigner(salt=INVITATION_SALT).sign(invitation.token)


def invitation_from_link_token(signed: str) -> TeamInvitation:
    try:
        token = signing.TimestampSigner(salt=INVITATION_SALT).unsign(
            signed, max_age=INVITATION_MAX_AGE
        )
    except signing.SignatureExpired:
        raise TeamError("This invitation link has expired. Ask for a new one.") from None
    except signing.BadSignature:
        raise TeamError(
            "This invitation link is not valid. Check that it was copied whole."
        ) from None
    invitation = (
        TeamInvitation.objects.select_related("team", "team__cohort", "team__owner")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise TeamError("This invitation link is not valid.")
    if invitation.status == InvitationStatus.VOIDED:
        raise TeamError(_VOIDED.format(owner=invitation.team.owner.email))
    return invitation


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise TeamError("Enter a valid email address.", field="email") from None
    return email


def team_invite(*, team: Team, actor, email: str) -> TeamInvitation:
    """Invite ``email`` to claim a seat; the email goes out once the invitation is stored."""
    from payments import tasks

    email = _clean_email(email)
    with transaction.atomic():
        team = lock_team(team.pk)
        if not team_may_manage(team, actor):
            raise TeamError("Only the team's owner or a co-admin can invite.")
        if _active_seats(team).filter(user__email__iexact=email).exists():
            raise TeamError(f"{email} already has a seat in this team.", field="email")
        claimed = _active_seats(team).count()
        waiting = team.invitations.filter(status=InvitationStatus.PENDING).count()
        if waiting >= team.seats_total - claimed:
            raise TeamError(
                f"All {team.seats_total - claimed} unclaimed seat(s) already have an invitation "
                "waiting. Revoke one or buy more seats first.",
                field="email",
            )
        try:
            with transaction.atomic():
                invitation = TeamInvitation.objects.create(
                    team=team, email=email, token=secrets.token_urlsafe(32), invited_by=actor
                )
        except IntegrityError:
            raise TeamError(f"{email} already has an invitation waiting.", field="email") from None
        tasks.team_invitation_email.delay_on_commit(invitation.pk)
    return invitation


def _pending_invitation(team: Team, invitation_id: int) -> TeamInvitation:
    invitation = (
        TeamInvitation.objects.select_for_update(of=("self",))
        .filter(team=team, pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise TeamError("No such invitation in this team.")
    if invitation.status != InvitationStatus.PENDING:
        state = invitation.get_status_display().lower()
        raise TeamError(f"The invitation to {invitation.email} was already {state}.")
    return invitation


def team_invitation_revoke(*, team: Team, actor, invitation_id: int) -> TeamInvitation:
    """Withdraw an invitation nobody has accepted; its link stops working."""
    with transaction.atomic():
        team = lock_team(team.pk)
        if not team_may_manage(team, actor):
            raise TeamError("Only the team's owner or a co-admin can revoke invitations.")
        invitation = _pending_invitation(team, invitation_id)
        invitation.status = InvitationStatus.REVOKED
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["status", "revoked_at"])
    return invitation


def team_invitation_reassign(
    *, team: Team, actor, invitation_id: int, email: str
) -> TeamInvitation:
    """Give an unclaimed seat's invitation to someone else: the old link stops working and
    the new person is invited. (A claimed seat is in use and stays with its member.)"""
    with transaction.atomic():
        team_invitation_revoke(team=team, actor=actor, invitation_id=invitation_id)
        return team_invite(team=team, actor=actor, email=email)


# -- claiming a seat -------------------------------------------------------------------------


def _claim(*, team_id: int, user, invitation: TeamInvitation | None) -> TeamSeat:
    team = lock_team(team_id)
    existing = _active_seats(team).filter(user=user).first()
    if existing is not None:
        return existing
    if _active_seats(team).count() >= team.seats_total:
        raise TeamError(
            f"All {team.seats_total} seats of this team are taken. Ask {team.owner.email} to "
            "buy another seat."
        )
    try:
        enrollment, created = enrollment_create(
            user=user,
            cohort=team.cohort,
            source=EnrollmentSource.TEAM_SEAT,
            tier=team.tier,
            hold_reference=team.hold_reference,
        )
    except CohortFull:
        raise TeamError(f"{team.cohort.name} is full; ask {team.owner.email} for help.") from None
    if not created:
        raise TeamError(
            f"You already have a place in {team.cohort.name}, so the seat stays free for a "
            "colleague."
        )
    return TeamSeat.objects.create(
        team=team, user=user, enrollment=enrollment, invitation=invitation
    )


def team_seat_claim(*, invitation: TeamInvitation, user) -> TeamSeat:
    """The invitee takes their seat: enrolled in the team's class, at most once."""
    with transaction.atomic():
        lock_team(invitation.team_id)  # team before invitation, as a refund voiding it locks
        locked = TeamInvitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
        if locked.status == InvitationStatus.REVOKED:
            raise TeamError("This invitation was withdrawn by the team's owner.")
        if locked.status == InvitationStatus.VOIDED:
            raise TeamError(_VOIDED.format(owner=invitation.team.owner.email))
        if locked.status == InvitationStatus.ACCEPTED:
            seat = TeamSeat.objects.filter(invitation=locked, user=user).first()
            if seat is None:
                raise TeamError("This invitation has already been used by someone else.")
            return seat
        if user.email.lower() != locked.email:
            raise TeamError(
                f"This invitation was sent to {locked.email}. Sign in with that address to "
                "take the seat."
            )
        seat = _claim(team_id=locked.team_id, user=user, invitation=locked)
        if seat.invitation_id is None:
            seat.invitation = locked
            seat.save(update_fields=["invitation"])
        locked.status = InvitationStatus.ACCEPTED
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["status", "accepted_at"])
    return seat


def team_seat_take(*, team: Team, user) -> TeamSeat:
    """The owner takes one of their own team's seats."""
    if team.owner_id != user.pk:
        raise TeamError("Only the team's owner can take a seat without an invitation.")
    with transaction.atomic():
        return _claim(team_id=team.pk, user=user, invitation=None)
