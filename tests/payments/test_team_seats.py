"""Managing a team's seats: giving a claimed seat whose member has not started to someone
else (never a started one), inviting many at once (all or nothing, every bad line named),
reminders to invitees, and co-admins."""

import datetime as dt

import pytest

from django.urls import reverse
from django.utils import timezone

from courses.models import Enrollment, EnrollmentStatus
from courses.selectors import lesson_access
from engine.capacity.models import Hold
from engine.outbox.models import OutboxEmail
from payments.errors import TeamError
from payments.models import InvitationStatus, SeatStatus, TeamInvitation
from payments.teams import (
    TeamBulkInviteRefused,
    team_co_admin_add,
    team_invite_many,
    team_seat_reassign,
)
from payments.teams.reminders import team_invitation_reminders_send
from tests.factories import VerifiedUserFactory

from .team_support import RunningTeam

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return VerifiedUserFactory(email="erin@example.com", first_name="Erin", last_name="Exec")


@pytest.fixture
def running(owner):
    return RunningTeam(owner=owner, seats=3)


def held(team) -> int:
    hold = Hold.objects.filter(reference=team.hold_reference).first()
    return hold.places if hold else 0


# -- reassigning a claimed seat -------------------------------------------------------------


def test_a_seat_whose_member_has_not_started_goes_to_someone_else(
    running, owner, settle, mailoutbox
):
    seat = running.member("ada@example.com", first_name="Ada", last_name="")
    assert held(running.team) == 2
    with settle():
        invitation = team_seat_reassign(
            team=running.team, actor=owner, seat_id=seat.pk, email="zoe@example.com"
        )
    seat.refresh_from_db()
    assert seat.status == SeatStatus.RELEASED
    enrollment = Enrollment.objects.get(pk=seat.enrollment_id)
    assert enrollment.status == EnrollmentStatus.ENDED_BY_STAFF
    lesson = running.lessons[1][0]
    assert not lesson_access(user=seat.user, lesson=lesson, now=timezone.now()).allowed
    assert invitation.email == "zoe@example.com" and invitation.status == "pending"
    assert held(running.team) == 3  # the seat is back in the pool, awaiting zoe
    subjects = {tuple(m.to): m.subject for m in mailoutbox}
    assert "was given to a colleague" in subjects[("ada@example.com",)]
    assert "saved you a seat" in subjects[("zoe@example.com",)]


def test_a_started_seat_cannot_be_reassigned(running, owner):
    seat = running.member("ada@example.com", first_name="Ada", last_name="")
    running.done(seat, 1, 0)
    with pytest.raises(TeamError, match="Ada has already done lessons"):
        team_seat_reassign(team=running.team, actor=owner, seat_id=seat.pk, email="z@example.com")
    seat.refresh_from_db()
    assert seat.status == SeatStatus.ACTIVE
    assert not TeamInvitation.objects.filter(email="z@example.com").exists()


def test_the_team_page_says_why_a_started_seat_cannot_be_reassigned(client, running, owner):
    started = running.member("ada@example.com", first_name="Ada", last_name="")
    running.done(started, 1, 0)
    fresh = running.member("ben@example.com", first_name="Ben", last_name="")
    client.force_login(owner)
    page = client.get(reverse("payments:team_detail", args=[running.team.pk])).content.decode()
    assert "Ada has started, so it cannot be given to someone else" in page
    assert reverse("payments:team_seat_reassign", args=[running.team.pk, fresh.pk]) in page
    assert reverse("payments:team_seat_reassign", args=[running.team.pk, started.pk]) not in page


def test_reassigning_through_the_page_refuses_a_started_seat_with_the_reason(
    client, running, owner
):
    seat = running.member("ada@example.com", first_name="Ada", last_name="")
    running.done(seat, 1, 0)
    client.force_login(owner)
    response = client.post(
        reverse("payments:team_seat_reassign", args=[running.team.pk, seat.pk]),
        {"email": "z@example.com"},
        follow=True,
    )
    assert "a seat can only be given to someone else before its member has started" in (
        response.content.decode()
    )


def test_a_seat_given_back_cannot_be_given_again(running, owner):
    seat = running.member("ada@example.com", first_name="Ada", last_name="")
    team_seat_reassign(team=running.team, actor=owner, seat_id=seat.pk, email="z@example.com")
    with pytest.raises(TeamError, match="already given back"):
        team_seat_reassign(team=running.team, actor=owner, seat_id=seat.pk, email="y@example.com")


def test_the_api_reassigns_and_refuses_a_started_seat(client, running, owner):
    fresh = running.member("ada@example.com")
    started = running.member("ben@example.com")
    running.done(started, 1, 0)
    client.force_login(owner)
    base = f"/api/v1/payments/teams/{running.team.pk}/seats"
    json = "application/json"
    ok = client.post(f"{base}/{fresh.pk}/reassign/", {"email": "z@example.com"}, json)
    assert ok.status_code == 201 and ok.json()["email"] == "z@example.com"
    refused = client.post(f"{base}/{started.pk}/reassign/", {"email": "y@example.com"}, json)
    assert refused.status_code == 400
    assert refused.json()["code"] == "team_refused"
    assert "has already done lessons" in refused.json()["detail"]


# -- inviting many at once ------------------------------------------------------------------


def test_a_pasted_list_invites_everyone(running, owner, settle, mailoutbox):
    with settle():
        invitations = team_invite_many(
            team=running.team, actor=owner, text="a@example.com\n\n B@Example.com \n"
        )
    assert [i.email for i in invitations] == ["a@example.com", "b@example.com"]
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.com", "b@example.com"]


def test_a_csv_with_bad_rows_imports_nothing_and_names_each_bad_line(
    running, owner, settle, mailoutbox
):
    running.member("member@example.com")
    running.invite("waiting@example.com")
    text = (
        "email,name\n"  # 1: header
        "ok@example.com,Ok\n"  # 2
        "not-an-address,Bad\n"  # 3
        "member@example.com,Member\n"  # 4
        "waiting@example.com,Waiting\n"  # 5
        "OK@example.com,Again\n"  # 6
        "more@example.com,One too many\n"  # 7: only one seat left to invite to
    )
    with settle(), pytest.raises(TeamBulkInviteRefused) as refused:
        team_invite_many(team=running.team, actor=owner, text=text)
    assert [(row.line, row.reason) for row in refused.value.bad_rows] == [
        (3, "not a valid email address"),
        (4, "already has a seat in this team"),
        (5, "already has an invitation waiting"),
        (6, "the same address as line 2"),
        (7, refused.value.bad_rows[4].reason),
    ]
    assert "no seat left" in refused.value.bad_rows[4].reason
    waiting = TeamInvitation.objects.filter(team=running.team, status=InvitationStatus.PENDING)
    assert list(waiting.values_list("email", flat=True)) == ["waiting@example.com"]
    assert [m.to for m in mailoutbox] == []


def test_the_page_upload_lists_every_bad_line(client, running, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(owner)
    upload = SimpleUploadedFile(
        "team.csv", b"email\ngood@example.com\nnope\n", content_type="text/csv"
    )
    response = client.post(
        reverse("payments:team_invite_many", args=[running.team.pk]), {"file": upload}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Line 3 (nope): not a valid email address" in page
    assert "nobody was invited" in page
    assert not TeamInvitation.objects.filter(team=running.team).exists()


def test_the_page_paste_invites(client, running, owner):
    client.force_login(owner)
    response = client.post(
        reverse("payments:team_invite_many", args=[running.team.pk]),
        {"emails": "a@example.com\nb@example.com"},
        follow=True,
    )
    assert "2 invitations sent." in response.content.decode()


def test_the_api_reports_bad_rows(client, running, owner):
    client.force_login(owner)
    response = client.post(
        f"/api/v1/payments/teams/{running.team.pk}/invitations/bulk/",
        {"emails": "a@example.com\nbad"},
        "application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invitation_list_refused"
    assert body["bad_rows"] == [{"line": 2, "value": "bad", "reason": "not a valid email address"}]
    assert not TeamInvitation.objects.filter(team=running.team).exists()


# -- reminders ------------------------------------------------------------------------------


def test_an_invitee_who_has_not_claimed_after_three_days_is_reminded_once(running, settle):
    waiting = running.invite("slow@example.com")
    claimed = running.member("quick@example.com")
    TeamInvitation.objects.filter(pk__in=[waiting.pk, claimed.invitation_id]).update(
        created_at=timezone.now() - dt.timedelta(days=3, hours=1)
    )
    fresh = running.invite("new@example.com")
    now = timezone.now()
    assert team_invitation_reminders_send(now=now) == 1
    assert team_invitation_reminders_send(now=now + dt.timedelta(hours=1)) == 0
    rows = OutboxEmail.objects.filter(kind="team_invitation_reminder")
    assert [row.recipients for row in rows] == [["slow@example.com"]]
    assert "still waiting" in rows[0].subject
    assert fresh.status == InvitationStatus.PENDING


def test_a_revoked_invitation_is_not_reminded(running, owner):
    from payments.teams import team_invitation_revoke

    invitation = running.invite("gone@example.com")
    team_invitation_revoke(team=running.team, actor=owner, invitation_id=invitation.pk)
    TeamInvitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - dt.timedelta(days=4)
    )
    assert team_invitation_reminders_send(now=timezone.now()) == 0


# -- co-admins ------------------------------------------------------------------------------


def test_a_co_admin_invites_and_reassigns(running, owner):
    VerifiedUserFactory(email="cole@example.com")
    co_admin = team_co_admin_add(team=running.team, actor=owner, email="Cole@example.com")
    seat = running.member("ada@example.com")
    invitation = team_seat_reassign(
        team=running.team, actor=co_admin, seat_id=seat.pk, email="z@example.com"
    )
    assert invitation.invited_by == co_admin


def test_only_the_owner_names_co_admins(running, owner):
    VerifiedUserFactory(email="cole@example.com")
    co_admin = team_co_admin_add(team=running.team, actor=owner, email="cole@example.com")
    VerifiedUserFactory(email="dan@example.com")
    with pytest.raises(TeamError, match="Only the team's owner"):
        team_co_admin_add(team=running.team, actor=co_admin, email="dan@example.com")


def test_a_co_admin_needs_an_account(running, owner):
    with pytest.raises(TeamError, match="Nobody has an account with nobody@"):
        team_co_admin_add(team=running.team, actor=owner, email="nobody@example.com")


def test_a_stranger_cannot_reassign(running):
    seat = running.member("ada@example.com")
    stranger = VerifiedUserFactory(email="s@example.com")
    with pytest.raises(TeamError, match="Only the team's owner or a co-admin"):
        team_seat_reassign(team=running.team, actor=stranger, seat_id=seat.pk, email="z@e.com")


# -- the header -----------------------------------------------------------------------------


def test_the_header_shows_my_team_to_owners_and_co_admins_only(client, running, owner):
    member = running.member("ada@example.com").user
    link = f'href="{reverse("payments:team_detail", args=[running.team.pk])}"'
    client.force_login(owner)
    page = client.get(reverse("payments:order_list")).content.decode()
    assert "My team" in page and link in page
    client.force_login(member)
    assert "My team" not in client.get(reverse("payments:order_list")).content.decode()


def test_claiming_tells_the_member_the_owner_sees_their_progress(client, running):
    from payments.teams import invitation_link_token

    invitation = running.invite("ada@example.com")
    url = reverse("payments:invitation", args=[invitation_link_token(invitation)])
    page = client.get(url).content.decode()
    assert "see your progress in this class" in page


def test_the_my_team_link_costs_no_query_once_read(client, running, owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from payments.menu import team_menu_links

    request = type("Request", (), {"user": owner})()
    assert [link.label for link in team_menu_links(request)] == ["My team"]
    with CaptureQueriesContext(connection) as captured:
        assert [link.label for link in team_menu_links(request)] == ["My team"]
    assert len(captured) == 0


def test_a_new_co_admin_sees_my_team_at_once(client, running, owner):
    from payments.menu import team_menu_links

    cole = VerifiedUserFactory(email="cole@example.com")
    request = type("Request", (), {"user": cole})()
    assert team_menu_links(request) == []
    team_co_admin_add(team=running.team, actor=owner, email="cole@example.com")
    assert [link.label for link in team_menu_links(request)] == ["My team"]
