"""The dashboard page and API cost the same number of queries at 1x and 10x the data:
lessons per week, finished lessons, the student's classes, and other students."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import LessonProgress, ReleaseSource, WeekRelease
from tests.factories import (
    CohortFactory,
    CoursePageFactory,
    EnrollmentFactory,
    LessonPageFactory,
    WeekPageFactory,
)

pytestmark = pytest.mark.django_db

SURFACES = ["/dashboard/", "/api/v1/me/dashboard/"]
# Issue 13's budgets: the page <= 8 queries. Sessions come from the cache, the courses' weeks and
# lessons are remembered until one is published (courses.progress.courses_pages), the API's
# site is remembered too: the page 5, the API 4.
BUDGET = {"/dashboard/": 5, "/api/v1/me/dashboard/": 4}


def build(student, scale: int) -> None:
    """``scale`` classes (each its own course), ``scale`` lessons per week in three released
    weeks, every lesson of week 1 finished, and ``scale`` classmates per class."""
    for n in range(scale):
        course = CoursePageFactory(title=f"Course {scale}-{n}", slug=f"course-{scale}-{n}")
        cohort = CohortFactory(course=course, name=f"Class {scale}-{n}")
        enrollment = EnrollmentFactory(user=student, cohort=cohort)
        for number in (1, 2, 3):
            week = WeekPageFactory(parent=course, number=number, slug=f"week-{number}")
            lessons = [
                LessonPageFactory(parent=week, title=f"L {number}.{i}", slug=f"l-{number}-{i}")
                for i in range(scale)
            ]
            WeekRelease.objects.create(
                cohort=cohort,
                week_number=number,
                released_at=timezone.now(),
                source=ReleaseSource.SCHEDULE,
            )
            if number == 1:
                LessonProgress.objects.bulk_create(
                    LessonProgress(
                        enrollment=enrollment, lesson=lesson, completed_at=timezone.now()
                    )
                    for lesson in lessons
                )
        for _ in range(scale):
            EnrollmentFactory(cohort=cohort)


def queries_for(client, url: str) -> int:
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", SURFACES)
def test_dashboard_query_count_is_the_same_at_1x_and_10x(client, url, django_user_model, rendering):
    small_student = EnrollmentFactory().user
    big_student = EnrollmentFactory().user
    build(small_student, 1)
    build(big_student, 10)
    client.force_login(small_student)
    small = queries_for(client, url)
    client.force_login(big_student)
    large = queries_for(client, url)
    assert large == small, f"{url}: {small} queries at 1x, {large} at 10x"
    assert small <= BUDGET[url], f"{url}: {small} queries, budget {BUDGET[url]}"


def test_the_10x_dashboard_shows_every_class_and_lesson(client):
    student = EnrollmentFactory().user
    build(student, 10)
    client.force_login(student)
    classes = client.get("/api/v1/me/dashboard/").json()["classes"]
    assert len(classes) == 11
    built = [c for c in classes if c["cohort"]["name"].startswith("Class 10-")]
    assert len(built) == 10
    assert all(c["progress"] == {"done": 10, "total": 30, "percent": 33} for c in built)
