"""The owner's view of their team's progress: figures, behind-first order, CSV, the same
query count at 1x and 10x members, and nobody but the owner and co-admins seeing it."""

import csv
import io

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coaching.services import journal_draft_save, journal_submit
from payments.teams import team_co_admin_add
from payments.teams.progress import team_progress
from tests.factories import VerifiedUserFactory

from .team_support import RunningTeam

pytestmark = pytest.mark.django_db

KATA = {"challenge": "Ship weekly", "next_step": "Talk to two customers"}


@pytest.fixture
def owner(db):
    return VerifiedUserFactory(email="erin@example.com", first_name="Erin", last_name="Exec")


@pytest.fixture
def running(owner):
    """Ada did both open lessons (2 days ago), Ben one (10 days ago), Cy was invited only;
    one seat has nobody invited."""
    running = RunningTeam(owner=owner, seats=4)
    ada = running.member("ada@example.com", first_name="Ada", last_name="A")
    ben = running.member("ben@example.com", first_name="Ben", last_name="B")
    running.done(ada, 1, 0, days_ago=2)
    running.done(ada, 1, 1, days_ago=2)
    running.done(ben, 1, 0, days_ago=10)
    running.certificate(ada)
    running.invite("cy@example.com")
    running.ada, running.ben = ada, ben
    return running


def test_figures_match_the_hand_built_team(running):
    progress = team_progress(team=running.team, now=timezone.now())
    rows = {m.email: m for m in progress.members}
    ada, ben, cy = rows["ada@example.com"], rows["ben@example.com"], rows["cy@example.com"]
    assert (ada.status, ada.done, ada.total, ada.open_lessons, ada.behind) == (
        "claimed",
        2,
        4,
        2,
        0,
    )
    assert ada.done_last_7_days == 2
    assert [(w.number, w.done, w.total, w.open) for w in ada.weeks] == [
        (1, 2, 2, True),
        (2, 0, 2, False),
    ]
    assert ada.certificate_code
    assert ada.last_active is not None
    assert (ben.done, ben.behind, ben.done_last_7_days, ben.certificate_code) == (1, 1, 0, "")
    assert (cy.status, cy.done, cy.behind, cy.seat_id) == ("invited", 0, 2, None)
    assert progress.seats_without_invitation == 1


def test_who_is_behind_comes_first(running):
    progress = team_progress(team=running.team, now=timezone.now())
    assert [m.email for m in progress.members] == [
        "cy@example.com",
        "ben@example.com",
        "ada@example.com",
    ]


def test_the_team_page_shows_the_progress_behind_first(client, owner, running):
    client.force_login(owner)
    page = client.get(reverse("payments:team_detail", args=[running.team.pk])).content.decode()
    assert page.index("cy@example.com") < page.index("ben@example.com") < page.index("Ada A")
    assert "2 of 4" in page and "Earned" in page
    assert "Download as CSV" in page
    assert "1 seat pending" in page


def test_the_csv_has_the_same_rows(client, owner, running):
    client.force_login(owner)
    response = client.get(reverse("payments:team_progress_csv", args=[running.team.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["email"] for r in rows] == ["cy@example.com", "ben@example.com", "ada@example.com"]
    ada = rows[2]
    assert (ada["lessons_done"], ada["lessons_behind"], ada["week_1"], ada["week_2"]) == (
        "2",
        "0",
        "2/2",
        "0/2",
    )
    assert ada["certificate"]
    assert rows[0]["status"] == "invited"


def test_a_formula_in_a_name_is_not_run_by_a_spreadsheet(client, owner):
    running = RunningTeam(owner=owner, seats=2)
    running.member("eve@example.com", first_name="=HYPERLINK(1)", last_name="")
    client.force_login(owner)
    body = client.get(reverse("payments:team_progress_csv", args=[running.team.pk])).content
    assert b"'=HYPERLINK(1)" in body


def test_the_api_gives_the_same_figures(client, owner, running):
    client.force_login(owner)
    body = client.get(f"/api/v1/payments/teams/{running.team.pk}/progress/").json()
    assert [m["email"] for m in body["members"]] == [
        "cy@example.com",
        "ben@example.com",
        "ada@example.com",
    ]
    assert body["members"][1]["behind"] == 1
    assert body["seats_without_invitation"] == 1
    csv_response = client.get(f"/api/v1/payments/teams/{running.team.pk}/progress.csv")
    assert csv_response.status_code == 200
    assert b"ben@example.com" in csv_response.content


def surfaces(team_pk: int) -> list[str]:
    return [
        reverse("payments:team_detail", args=[team_pk]),
        reverse("payments:team_progress_csv", args=[team_pk]),
        f"/api/v1/payments/teams/{team_pk}/",
        f"/api/v1/payments/teams/{team_pk}/progress/",
        f"/api/v1/payments/teams/{team_pk}/progress.csv",
    ]


@pytest.mark.parametrize("who", ["another owner", "a member", "a co-admin of another team"])
def test_nobody_else_sees_the_team(client, running, who):
    other_owner = VerifiedUserFactory(email="olga@example.com")
    other = RunningTeam(owner=other_owner, seats=2, slug="other-course")
    outsider = {
        "another owner": other_owner,
        "a member": running.ben.user,
        "a co-admin of another team": VerifiedUserFactory(email="cole@example.com"),
    }[who]
    if who == "a co-admin of another team":
        team_co_admin_add(team=other.team, actor=other_owner, email="cole@example.com")
    client.force_login(outsider)
    for url in surfaces(running.team.pk):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"ada@example.com" not in response.content, url


def test_a_co_admin_of_this_team_sees_it(client, owner, running):
    VerifiedUserFactory(email="cole@example.com")
    co_admin = team_co_admin_add(team=running.team, actor=owner, email="cole@example.com")
    client.force_login(co_admin)
    for url in surfaces(running.team.pk):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"ben@example.com" in response.content, url


def queries_for(client, url: str) -> int:
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "surface",
    [
        lambda pk: reverse("payments:team_detail", args=[pk]),
        lambda pk: reverse("payments:team_progress_csv", args=[pk]),
        lambda pk: f"/api/v1/payments/teams/{pk}/progress/",
    ],
    ids=["page", "csv", "api"],
)
def test_query_count_is_the_same_at_1x_and_10x_members(client, surface):
    counts = []
    for scale in (1, 10):
        owner = VerifiedUserFactory(email=f"owner{scale}@example.com")
        running = RunningTeam(owner=owner, seats=2 * scale, slug=f"course-{scale}")
        for n in range(scale):
            seat = running.member(f"m{scale}-{n}@example.com")
            running.done(seat, 1, 0)
            journal_submit(enrollment=seat.enrollment, week_number=1, values=KATA)
            running.invite(f"i{scale}-{n}@example.com")
        client.force_login(owner)
        counts.append(queries_for(client, surface(running.team.pk)))
    assert counts[0] == counts[1], f"{counts[0]} queries at 1x, {counts[1]} at 10x"


def test_the_api_csv_of_someone_elses_team_is_a_json_404(client, running):
    client.force_login(VerifiedUserFactory(email="olga@example.com"))
    response = client.get(f"/api/v1/payments/teams/{running.team.pk}/progress.csv")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    only_csv = client.get(
        f"/api/v1/payments/teams/{running.team.pk}/progress.csv", HTTP_ACCEPT="text/csv"
    )
    assert only_csv.status_code == 404
    assert only_csv.content.decode().splitlines()[1].startswith("404,not_found,")


def test_a_member_moved_to_another_class_shows_their_progress_there(owner, running):
    """Staff transferred Ben to a later class of the same course; what he did before and
    after the move is read from the class he is in now, not from the seat's first class."""
    from courses.models import LessonProgress, WeekRelease
    from courses.services import enrollment_transfer
    from tests.factories import CohortFactory

    later = CohortFactory(
        course=running.cohort.course,
        name="Later class",
        slug="team-course-later",
        start_date=running.cohort.start_date,
        timezone="Europe/London",
    )
    WeekRelease.objects.create(
        cohort=later,
        week_number=1,
        released_at=timezone.now(),
        source="schedule",
    )
    ben_seat = running.ben
    moved = enrollment_transfer(enrollment=ben_seat.enrollment, to_cohort=later)
    LessonProgress.objects.create(
        enrollment=moved, lesson=running.lessons[1][1], completed_at=timezone.now()
    )
    # And once more, to a third class: the chain is followed to its end.
    third = CohortFactory(
        course=running.cohort.course,
        name="Third class",
        slug="team-course-third",
        start_date=running.cohort.start_date,
        timezone="Europe/London",
    )
    enrollment_transfer(enrollment=moved, to_cohort=third)

    progress = team_progress(team=running.team, now=timezone.now())
    ben = {m.email: m for m in progress.members}["ben@example.com"]
    assert ben.done == 2, "Ben's lessons followed him; the team page must too"
    assert ben.done_last_7_days == 1
    cy = {m.email: m for m in progress.members}["cy@example.com"]
    assert cy.open_lessons == 2  # invitees still read the team's own class


def test_the_weeks_kata_submitted_or_not_on_the_page_api_and_csv(client, owner, running):
    """Week 1 is the latest open week: Ada submitted its journal entry, Ben only saved a draft,
    Cy has no account yet. The column comes from coaching through the progress extension
    point (payments does not import coaching)."""
    journal_submit(enrollment=running.ada.enrollment, week_number=1, values=KATA)
    journal_draft_save(enrollment=running.ben.enrollment, week_number=1, values=KATA)

    progress = team_progress(team=running.team, now=timezone.now())
    assert [column.key for column in progress.columns] == ["kata_this_week"]
    cells = {m.email: m.cells[0] for m in progress.members}
    assert cells["ada@example.com"].value == "submitted"
    assert cells["ben@example.com"].value == "not_submitted"
    assert cells["cy@example.com"].value == ""

    client.force_login(owner)
    page = client.get(reverse("payments:team_detail", args=[running.team.pk])).content.decode()
    assert "This week&#x27;s Kata" in page or "This week's Kata" in page
    assert "Week 1: submitted" in page and "Week 1: not yet" in page

    api = client.get(f"/api/v1/payments/teams/{running.team.pk}/progress/").json()
    by_email = {m["email"]: m["columns"] for m in api["members"]}
    assert by_email["ada@example.com"] == {"kata_this_week": "submitted"}
    assert by_email["ben@example.com"] == {"kata_this_week": "not_submitted"}

    response = client.get(reverse("payments:team_progress_csv", args=[running.team.pk]))
    rows = {r["email"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["ada@example.com"]["kata_this_week"] == "submitted"
    assert rows["ben@example.com"]["kata_this_week"] == "not_submitted"
    assert rows["cy@example.com"]["kata_this_week"] == ""
