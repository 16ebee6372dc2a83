"""Pages and API endpoints cost the same number of queries at 1x and 10x the school.

Grows lessons per week, cohorts and students tenfold and holds every count still.
"""

import datetime as dt

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    CohortFactory,
    EnrollmentFactory,
    LessonPageFactory,
    WeekReleaseFactory,
)


def grow(school, factor: int) -> None:
    """Bring the school to ``factor`` lessons per week, cohorts and students per cohort."""
    for week in (school.week1, school.week2):
        have = week.get_children().count()
        for n in range(have, factor):
            LessonPageFactory(parent=week, title=f"{week.slug} extra {n}")
    today = timezone.now().date()
    cohorts = list(school.course.cohorts.all())
    for n in range(len(cohorts), factor + 1):
        cohort = CohortFactory(
            course=school.course, name=f"Extra class {n}", start_date=today - dt.timedelta(days=n)
        )
        WeekReleaseFactory(cohort=cohort, week_number=1)
        cohorts.append(cohort)
    for cohort in cohorts:
        for _ in range(cohort.enrollments.count(), factor):
            EnrollmentFactory(cohort=cohort)


def count_queries(client, url: str, expected_status: int = 200) -> int:
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == expected_status
    return len(queries)


SURFACES = {
    "lesson page": lambda s: s.lesson1.url,
    "course outline page": lambda s: s.course.url,
    "week page": lambda s: s.week1.url,
    "lesson API": lambda s: f"/api/v1/courses/lessons/{s.lesson1.pk}/",
    "outline API": lambda s: f"/api/v1/courses/{s.course.slug}/outline/",
    "my cohorts API": lambda s: "/api/v1/courses/me/cohorts/",
}


SIGNED_IN_ONLY = {"my cohorts API"}


@pytest.mark.parametrize(
    ("viewer", "surface"),
    [
        (viewer, surface)
        for viewer in ("enrolled", "anonymous", "editor")
        for surface in SURFACES
        if not (viewer == "anonymous" and surface in SIGNED_IN_ONLY)
    ],
)
def test_query_count_does_not_grow_with_the_school(
    school, client, viewer, surface, django_assert_max_num_queries
):
    if school.users[viewer] is not None:
        client.force_login(school.users[viewer])
    url = SURFACES[surface](school)
    status = 403 if (viewer == "anonymous" and surface == "lesson API") else 200
    grow(school, 1)
    small = count_queries(client, url, status)
    grow(school, 10)
    large = count_queries(client, url, status)
    assert large == small, f"{surface} for {viewer}: {small} queries at 1x, {large} at 10x"
    with django_assert_max_num_queries(30):
        client.get(url)


# Issue 13's budgets, for the second request (the first may fill the caches). A cached
# anonymous page costs nothing; the enrolled student's lesson page costs the session, the
# user, the enrollments (which also answer "may they use the admin?"), the releases and
# overrides of their classes, and whether they finished the lesson. Issue 15 adds the class's
# discussion under the lesson (a page of threads with the reader's follows, their posts with
# the reader's likes, the moments the class discussed) and the header's unread-notification
# count: a fixed five, whatever the size of the discussion (tests/discussions). Issue 19's
# feedback panel reads the student's own rating and flags of the lesson (insight.feedback).
BUDGETS = {
    ("enrolled", "lesson page"): 12,
    ("anonymous", "lesson page"): 0,
    ("anonymous", "course outline page"): 0,
    ("anonymous", "week page"): 0,
    # The lesson API: session, user, the lesson, access (2), the body's documents.
    ("enrolled", "lesson API"): 9,
}


@pytest.mark.parametrize(("viewer", "surface"), list(BUDGETS))
def test_budgets_hold_at_1x_and_10x(school, client, viewer, surface):
    if school.users[viewer] is not None:
        client.force_login(school.users[viewer])
    url = SURFACES[surface](school)
    budget = BUDGETS[(viewer, surface)]
    for factor in (1, 10):
        grow(school, factor)
        cache.clear()  # (publishes purge on commit, which these tests never reach)
        queries = count_queries(client, url)
        assert queries <= budget, f"{surface} for {viewer} at {factor}x: {queries} > {budget}"
