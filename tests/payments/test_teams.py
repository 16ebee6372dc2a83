"""Teams: invitations by email, claiming seats, reassigning, buying more, and an owner who
sees only their own team."""

import re

import pytest

from django.core import signing

from courses.models import Enrollment, EnrollmentSource, EnrollmentStatus, EnrollmentTier
from engine.capacity.models import Hold
from payments.errors import TeamError
from payments.models import InvitationStatus, OrderStatus, SeatStatus, TeamInvitation, TeamSeat
from payments.orders import order_checkout_start
from payments.teams import (
    INVITATION_SALT,
    invitation_link_token,
    team_invitation_reassign,
    team_invitation_revoke,
    team_invite,
    team_seat_claim,
    team_seat_take,
)
from tests.factories import VerifiedUserFactory, team_with_pool
from tests.factories.accounts import DEFAULT_PASSWORD

from .conftest import event_of, post_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return VerifiedUserFactory(email="erin@example.com", first_name="Erin", last_name="Exec")


@pytest.fixture
def team(owner, cohort):
    return team_with_pool(owner=owner, cohort=cohort, seats_total=3)


def held(team) -> int:
    hold = Hold.objects.filter(reference=f"team:{team.pk}").first()
    return hold.places if hold else 0


def link_of(message) -> str:
    return re.search(r"http://\S+/payments/invitations/\S+/", message.body).group(0)


def test_an_invitation_emails_a_signed_link(owner, team, settle, mailoutbox):
    with settle():
        invitation = team_invite(team=team, actor=owner, email=" Colleague@Example.com ")
    assert invitation.email == "colleague@example.com"
    (message,) = mailoutbox
    assert message.to == ["colleague@example.com"]
    assert "Erin Exec saved you a seat" in message.subject
    link = link_of(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert signing.TimestampSigner(salt=INVITATION_SALT).unsign(token) == invitation.token


def test_invitations_stop_at_the_unclaimed_seats(owner, team):
    for n in range(3):
        team_invite(team=team, actor=owner, email=f"c{n}@example.com")
    with pytest.raises(TeamError, match="All 3 unclaimed seat"):
        team_invite(team=team, actor=owner, email="c4@example.com")


def test_the_same_address_is_not_invited_twice(owner, team):
    team_invite(team=team, actor=owner, email="c@example.com")
    with pytest.raises(TeamError, match="already has an invitation waiting"):
        team_invite(team=team, actor=owner, email="C@example.com")


def test_claiming_a_seat_enrols_the_invitee_from_the_pool(owner, team, cohort):
    invitation = team_invite(team=team, actor=owner, email="c@example.com")
    colleague = VerifiedUserFactory(email="c@example.com")
    seat = team_seat_claim(invitation=invitation, user=colleague)
    enrollment = Enrollment.objects.get(user=colleague, cohort=cohort)
    assert (enrollment.source, enrollment.tier, seat.enrollment) == (
        EnrollmentSource.TEAM_SEAT,
        EnrollmentTier.EXECUTIVE,
        enrollment,
    )
    assert held(team) == 2
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert team_seat_claim(invitation=invitation, user=colleague) == seat  # idempotent


def test_an_invitation_is_for_the_address_it_was_sent_to(owner, team):
    invitation = team_invite(team=team, actor=owner, email="c@example.com")
    with pytest.raises(TeamError, match=r"sent to c@example\.com"):
        team_seat_claim(invitation=invitation, user=VerifiedUserFactory(email="other@example.com"))
    assert held(team) == 3


def test_a_revoked_invitation_cannot_be_claimed(owner, team):
    invitation = team_invite(team=team, actor=owner, email="c@example.com")
    team_invitation_revoke(team=team, actor=owner, invitation_id=invitation.pk)
    with pytest.raises(TeamError, match="withdrawn"):
        team_seat_claim(invitation=invitation, user=VerifiedUserFactory(email="c@example.com"))


def test_reassigning_an_unclaimed_seat_invites_someone_else(owner, team, settle, mailoutbox):
    first = team_invite(team=team, actor=owner, email="a@example.com")
    with settle():
        second = team_invitation_reassign(
            team=team, actor=owner, invitation_id=first.pk, email="b@example.com"
        )
    first.refresh_from_db()
    assert first.status == InvitationStatus.REVOKED
    assert (second.email, second.status) == ("b@example.com", InvitationStatus.PENDING)
    assert [m.to for m in mailoutbox] == [["b@example.com"]]


def test_a_claimed_seat_cannot_be_reassigned(owner, team):
    invitation = team_invite(team=team, actor=owner, email="a@example.com")
    team_seat_claim(invitation=invitation, user=VerifiedUserFactory(email="a@example.com"))
    with pytest.raises(TeamError, match="already accepted"):
        team_invitation_reassign(
            team=team, actor=owner, invitation_id=invitation.pk, email="b@example.com"
        )


def test_the_owner_can_take_a_seat(owner, team, cohort):
    seat = team_seat_take(team=team, user=owner)
    assert seat.enrollment.cohort == cohort
    assert held(team) == 2
    assert team_seat_take(team=team, user=owner) == seat


def test_no_seat_left_is_a_clear_answer(owner, cohort):
    team = team_with_pool(owner=owner, cohort=cohort, seats_total=1)
    team_seat_take(team=team, user=owner)
    invitation = TeamInvitation.objects.create(
        team=team, email="late@example.com", token="late-token", invited_by=owner
    )
    with pytest.raises(TeamError, match="All 1 seats of this team are taken"):
        team_seat_claim(invitation=invitation, user=VerifiedUserFactory(email="late@example.com"))
    assert TeamSeat.objects.filter(team=team).count() == 1


def test_the_invitation_page_claims_for_a_signed_in_invitee(client, owner, team, cohort):
    invitation = team_invite(team=team, actor=owner, email="c@example.com")
    colleague = VerifiedUserFactory(email="c@example.com")
    client.force_login(colleague)
    url = f"/payments/invitations/{invitation_link_token(invitation)}/"
    assert "Take my seat" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert Enrollment.objects.filter(user=colleague, cohort=cohort).exists()


def test_an_invitee_who_signs_in_later_lands_with_the_seat_claimed(client, owner, team, cohort):
    invitation = team_invite(team=team, actor=owner, email="c@example.com")
    VerifiedUserFactory(email="c@example.com")
    page = client.get(f"/payments/invitations/{invitation_link_token(invitation)}/")
    assert "Create my account" in page.content.decode()
    response = client.post(
        "/accounts/login/", {"login": "c@example.com", "password": DEFAULT_PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert (
        "Welcome! You have a seat in April 2027 class, which starts on" in response.content.decode()
    )
    seat = TeamSeat.objects.get(team=team)
    assert (seat.user.email, seat.status) == ("c@example.com", SeatStatus.ACTIVE)


def test_a_tampered_or_unknown_link_is_refused(client):
    assert client.get("/payments/invitations/not-a-token/").status_code == 404


def test_an_owner_cannot_see_or_act_on_another_team(client, owner, team):
    stranger_team = team_with_pool(seats_total=5)
    invitation = TeamInvitation.objects.create(
        team=stranger_team, email="x@example.com", token="stranger", invited_by=stranger_team.owner
    )
    client.force_login(owner)
    assert client.get(f"/payments/teams/{team.pk}/").status_code == 200
    assert client.get(f"/payments/teams/{stranger_team.pk}/").status_code == 404
    assert (
        client.post(
            f"/payments/teams/{stranger_team.pk}/invite/", {"email": "mole@example.com"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/payments/teams/{stranger_team.pk}/invitations/{invitation.pk}/revoke/"
        ).status_code
        == 404
    )
    assert client.post(f"/payments/teams/{stranger_team.pk}/take-seat/").status_code == 404
    assert not stranger_team.invitations.filter(email="mole@example.com").exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    # Nor through the service, whoever calls it.
    with pytest.raises(TeamError, match="Only the team's owner"):
        team_invite(team=stranger_team, actor=owner, email="mole@example.com")
    listing = client.get("/payments/teams/").content.decode()
    assert str(team) in listing and str(stranger_team) not in listing


def test_the_team_page_shows_claimed_and_unclaimed_seats(client, owner, team):
    team_seat_take(team=team, user=owner)
    team_invite(team=team, actor=owner, email="c@example.com")
    client.force_login(owner)
    page = client.get(f"/payments/teams/{team.pk}/").content.decode()
    assert "<strong>1</strong> claimed, <strong>2</strong> unclaimed (1 invitation waiting)" in page
    assert "c@example.com" in page


def test_more_seats_cost_the_group_price_of_the_new_total_and_join_the_pool(
    client, stripe_double, owner, cohort, bands, settle
):
    team = team_with_pool(owner=owner, cohort=cohort, seats_total=4)
    team_seat_take(team=team, user=owner)
    client.force_login(owner)
    response = client.post(f"/payments/teams/{team.pk}/buy-seats/", {"seats": "2"})
    order = team.orders.get()
    assert response["Location"] == order.checkout_url
    assert (order.seats, order.group_percent_off, order.unit_amount) == (2, 10, 225_000)
    stripe_double.complete_session(order.stripe_session_id)
    with settle():
        post_event(
            client, stripe_double, event_of(stripe_double, "checkout.session.completed")["id"]
        )
    order.refresh_from_db()
    team.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert team.seats_total == 6
    assert held(team) == 5  # 3 unclaimed before + 2 bought
    assert not Hold.objects.filter(reference=f"order:{order.pk}").exists()


def test_a_team_order_refunded_in_full_takes_its_seats_back_unclaimed_first(
    stripe_double, owner, cohort, client, settle
):
    from payments.orders import order_refund

    order = order_checkout_start(
        buyer=owner, target=cohort, tier=EnrollmentTier.EXECUTIVE, seats=3, site_url="http://t"
    ).order
    stripe_double.complete_session(order.stripe_session_id)
    with settle():
        post_event(
            client, stripe_double, event_of(stripe_double, "checkout.session.completed")["id"]
        )
    order.refresh_from_db()
    team = order.team
    members = []
    for n in range(2):
        invitation = team_invite(team=team, actor=owner, email=f"m{n}@example.com")
        members.append(
            team_seat_claim(
                invitation=invitation, user=VerifiedUserFactory(email=f"m{n}@example.com")
            )
        )
    extra = order_checkout_start(
        buyer=owner,
        target=cohort,
        tier=EnrollmentTier.EXECUTIVE,
        seats=1,
        team=team,
        site_url="http://t",
    ).order
    stripe_double.complete_session(extra.stripe_session_id)
    with settle():
        post_event(
            client,
            stripe_double,
            event_of(stripe_double, "checkout.session.completed", extra.stripe_session_id)["id"],
        )
    team.refresh_from_db()
    assert (team.seats_total, held(team)) == (4, 2)

    with settle():
        order_refund(order=order, actor=owner)  # the first order's 3 seats
    team.refresh_from_db()
    assert team.seats_total == 1
    assert held(team) == 0  # both unclaimed seats went first...
    first, second = (Enrollment.objects.get(pk=m.enrollment_id) for m in members)
    assert first.status == EnrollmentStatus.ACTIVE  # ...then the member who claimed last
    assert second.status == EnrollmentStatus.REFUNDED
    assert TeamSeat.objects.get(pk=members[1].pk).status == SeatStatus.RELEASED
