"""The demo executive's team: members at different points of the running class, loaded
idempotently through the real services."""

import datetime as dt

import pytest

from django.utils import timezone

from courses.models import LessonProgress, ReleaseSource, WeekRelease
from demo.teams import seed_team
from payments.models import InvitationStatus, SeatStatus, Team
from payments.teams.progress import team_progress
from tests.factories import (
    CohortFactory,
    CoursePageFactory,
    LessonPageFactory,
    VerifiedUserFactory,
    WeekPageFactory,
)

pytestmark = pytest.mark.django_db


def running_demo_class():
    course = CoursePageFactory(title="Demo course", slug="demo-course")
    cohort = CohortFactory(
        course=course,
        slug="demo-current-class",
        start_date=timezone.now().date() - dt.timedelta(days=10),
    )
    week = WeekPageFactory(parent=course, number=1, slug="week-1")
    for i in range(5):
        LessonPageFactory(parent=week, title=f"Lesson {i}", slug=f"lesson-{i}")
    WeekRelease.objects.create(
        cohort=cohort,
        week_number=1,
        released_at=timezone.now() - dt.timedelta(days=10),
        source=ReleaseSource.SCHEDULE,
    )
    return cohort


def test_the_demo_team_has_members_at_different_points_and_loads_once(
    django_capture_on_commit_callbacks,
):
    settle = lambda: django_capture_on_commit_callbacks(execute=True)  # noqa: E731
    running_demo_class()
    executive = VerifiedUserFactory(email="executive@institute.test")
    with settle():
        team = seed_team(lambda line: None)
    with settle():
        assert seed_team(lambda line: None) == team
    assert Team.objects.filter(owner=executive).count() == 1
    assert team.seats.filter(status=SeatStatus.ACTIVE).count() == 4
    assert team.invitations.filter(status=InvitationStatus.PENDING).count() == 1
    done = {m.email: m.done for m in team_progress(team=team, now=timezone.now()).members}
    assert done == {
        "priya@acme.test": 5,
        "marco@acme.test": 3,
        "lena@acme.test": 1,
        "tom@acme.test": 0,
        "sam.lee@acme.test": 0,
    }
    assert LessonProgress.objects.count() == 9


def test_without_the_executive_the_step_is_skipped():
    running_demo_class()
    lines: list[str] = []
    assert seed_team(lines.append) is None
    assert "skipped the demo team" in lines[0]
