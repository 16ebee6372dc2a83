"""A team in a running class, built through the real services: a two-week course with two
lessons a week, week 1 open, and helpers to invite and seat members and mark lessons done."""

import datetime as dt

from django.utils import timezone

from courses.models import Certificate, LessonProgress, ReleaseSource, WeekRelease
from payments.teams import team_invite, team_seat_claim
from tests.factories import (
    CohortFactory,
    CoursePageFactory,
    LessonPageFactory,
    VerifiedUserFactory,
    WeekPageFactory,
    team_with_pool,
)


class RunningTeam:
    def __init__(self, *, owner, seats: int, slug: str = "team-course", name: str = "Class"):
        course = CoursePageFactory(title=f"Course {slug}", slug=slug)
        self.cohort = CohortFactory(
            course=course,
            name=name,
            slug=f"{slug}-class",
            start_date=timezone.now().date() - dt.timedelta(days=3),
            timezone="Europe/London",
        )
        self.lessons: dict[int, list] = {}
        for number in (1, 2):
            week = WeekPageFactory(parent=course, number=number, slug=f"week-{number}")
            self.lessons[number] = [
                LessonPageFactory(parent=week, title=f"L{number}.{i}", slug=f"l-{number}-{i}")
                for i in (1, 2)
            ]
        WeekRelease.objects.create(
            cohort=self.cohort,
            week_number=1,
            released_at=timezone.now() - dt.timedelta(days=3),
            source=ReleaseSource.SCHEDULE,
        )
        self.owner = owner
        self.team = team_with_pool(owner=owner, cohort=self.cohort, seats_total=seats)

    def invite(self, email: str):
        return team_invite(team=self.team, actor=self.owner, email=email)

    def member(self, email: str, **names):
        invitation = self.invite(email)
        user = VerifiedUserFactory(email=email, **names)
        return team_seat_claim(invitation=invitation, user=user)

    def done(self, seat, week: int, index: int, *, days_ago: float = 0):
        return LessonProgress.objects.create(
            enrollment=seat.enrollment,
            lesson=self.lessons[week][index],
            completed_at=timezone.now() - dt.timedelta(days=days_ago),
        )

    def certificate(self, seat):
        return Certificate.objects.create(
            enrollment=seat.enrollment,
            holder_name=seat.user.get_full_name() or seat.user.email,
            course_title="Course",
            cohort_name=self.cohort.name,
            issued_at=timezone.now(),
        )
