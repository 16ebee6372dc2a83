"""The owner's Monday digest: from the local hour on Mondays, once per team per ISO week
(the outbox key), what moved, who is behind, who finished; off when the owner turns it off."""

import datetime as dt
import zoneinfo

import pytest

from django.urls import reverse
from django.utils import timezone

from courses.models import Cohort, LessonProgress
from engine.outbox.models import OutboxEmail
from payments import tasks
from payments.teams.digest import team_digest_send, team_digests_due
from tests.factories import VerifiedUserFactory

from .team_support import RunningTeam

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def next_monday(hour: int, minute: int = 30) -> dt.datetime:
    today = timezone.now().astimezone(LONDON).date()
    monday = today + dt.timedelta(days=(7 - today.weekday()) % 7)
    return dt.datetime.combine(monday, dt.time(hour, minute), tzinfo=LONDON)


@pytest.fixture
def owner(db):
    return VerifiedUserFactory(email="erin@example.com", first_name="Erin", last_name="Exec")


@pytest.fixture
def running(owner):
    """A class started a week before the Monday: Ada did a lesson the day before it, Ben
    nothing, Cy finished."""
    running = RunningTeam(owner=owner, seats=3)
    monday = next_monday(8)
    Cohort.objects.filter(pk=running.cohort.pk).update(
        start_date=monday.date() - dt.timedelta(days=7)
    )
    ada = running.member("ada@example.com", first_name="Ada", last_name="A")
    running.member("ben@example.com", first_name="Ben", last_name="B")
    cy = running.member("cy@example.com", first_name="Cy", last_name="C")
    LessonProgress.objects.create(
        enrollment=ada.enrollment,
        lesson=running.lessons[1][0],
        completed_at=monday - dt.timedelta(days=1),
    )
    for lesson in running.lessons[1]:
        LessonProgress.objects.create(
            enrollment=cy.enrollment, lesson=lesson, completed_at=monday - dt.timedelta(days=20)
        )
    running.certificate(cy)
    return running


def digests() -> list[OutboxEmail]:
    return list(OutboxEmail.objects.filter(kind="team_digest"))


def test_the_digest_goes_once_per_week(running, settle, mailoutbox):
    monday = next_monday(8, 30)
    assert team_digests_due(now=monday) == [running.team.pk]
    assert team_digest_send(team_id=running.team.pk, now=monday) is True
    assert team_digests_due(now=monday + dt.timedelta(hours=1)) == []
    assert team_digest_send(team_id=running.team.pk, now=monday + dt.timedelta(hours=3)) is False
    assert len(digests()) == 1
    next_week = monday + dt.timedelta(days=7)
    assert team_digest_send(team_id=running.team.pk, now=next_week) is True
    assert len(digests()) == 2
    assert [m.to for m in mailoutbox] == [["erin@example.com"], ["erin@example.com"]]


def test_the_beat_task_sends_it_once(running, settle, mailoutbox, monkeypatch):
    monday = next_monday(9)
    monkeypatch.setattr(timezone, "now", lambda: monday)
    with settle():
        assert tasks.team_digests_send.delay().get() == 1
    with settle():
        assert tasks.team_digests_send.delay().get() == 0
    assert len(mailoutbox) == 1


def test_not_before_the_local_hour_nor_on_other_days(running):
    assert team_digests_due(now=next_monday(7, 59)) == []
    assert team_digests_due(now=next_monday(8, 30) + dt.timedelta(days=1)) == []
    assert team_digest_send(team_id=running.team.pk, now=next_monday(7, 0)) is False
    assert digests() == []


def test_the_digest_says_who_moved_who_is_behind_who_finished(running):
    team_digest_send(team_id=running.team.pk, now=next_monday(8, 30))
    (email,) = digests()
    text = email.text_body
    moved = text.split("Who moved this week:")[1].split("Who is behind:")[0]
    behind = text.split("Who is behind:")[1].split("Who finished:")[0]
    finished = text.split("Who finished:")[1]
    assert "Ada A: 1 lesson" in moved and "Ben" not in moved
    assert "Ben B: 2 open lessons not done" in behind
    assert "Ada A: 1 open lesson not done" in behind
    assert "Cy" not in behind
    assert "Cy C (certificate earned)" in finished
    assert email.html_body


def test_the_owner_can_turn_it_off(client, owner, running):
    client.force_login(owner)
    client.post(reverse("payments:team_digest", args=[running.team.pk]), {})
    running.team.refresh_from_db()
    assert running.team.digest_enabled is False
    assert team_digests_due(now=next_monday(8, 30)) == []
    assert team_digest_send(team_id=running.team.pk, now=next_monday(8, 30)) is False
    client.post(reverse("payments:team_digest", args=[running.team.pk]), {"digest_enabled": "on"})
    running.team.refresh_from_db()
    assert running.team.digest_enabled is True


def test_a_co_admin_cannot_turn_the_owners_digest_off(client, owner, running):
    from payments.teams import team_co_admin_add

    VerifiedUserFactory(email="cole@example.com")
    co_admin = team_co_admin_add(team=running.team, actor=owner, email="cole@example.com")
    client.force_login(co_admin)
    response = client.post(reverse("payments:team_digest", args=[running.team.pk]), {})
    assert response.status_code == 404
    running.team.refresh_from_db()
    assert running.team.digest_enabled is True
