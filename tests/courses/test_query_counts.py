"""Pages and API endpoints cost the same number of queries at 1x and 10x the school.

Grows lessons per week, cohorts and students tenfold and holds every count still.
"""

import datetime as dt

import pytest

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching.models import JournalEntry, JournalIteration
from community.discussions.models import Post, PostLike, Thread
from insight.feedback.models import LessonRating, UnclearFlag
from tests.factories import (
    CohortFactory,
    EnrollmentFactory,
    LessonPageFactory,
    WeekReleaseFactory,
)

User = get_user_model()


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
    grow_class_activity(school, factor)


def grow_class_activity(school, factor: int) -> None:
    """``factor`` threads of ``factor`` posts (each liked) in the current class's discussion
    of lesson 1, and a rating, an unclear flag and a week 1 Kata entry from each of
    ``factor`` classmates."""
    current = school.current
    classmates = list(User.objects.filter(enrollments__cohort=current).order_by("pk"))
    have = Thread.objects.filter(cohort=current, lesson=school.lesson1).count()
    for n in range(have, factor):
        author = classmates[n % len(classmates)]
        thread = Thread.objects.create(
            cohort=current, lesson=school.lesson1, author=author, title=f"Thread {n}"
        )
        for r in range(factor):
            post = Post.objects.create(thread=thread, author=author, body=f"Post {r}", moment=r)
            PostLike.objects.create(post=post, user=school.users["enrolled"])
    now = timezone.now()
    for classmate in classmates[:factor]:
        LessonRating.objects.get_or_create(
            lesson=school.lesson1, user=classmate, defaults={"score": 4, "cohort": current}
        )
        UnclearFlag.objects.create(lesson=school.lesson1, user=classmate, moment=12.5)
        entry, _ = JournalEntry.objects.get_or_create(
            user=classmate,
            course_id=school.course.pk,
            week_number=1,
            defaults={"cohort": current, "due_at": now},
        )
        JournalIteration.objects.get_or_create(
            entry=entry, number=1, defaults={"challenge": "Halve drop-off", "submitted_at": now}
        )


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
    school, client, viewer, surface, django_assert_max_num_queries, rendering
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
# anonymous page costs nothing. The enrolled student's lesson page, with every panel under it
# (a discussion prompt and a Kata exercise, ``give_every_panel_work``), costs six: the user
# (the session comes from the cache), the enrollments (which also answer "may they use the
# admin?" and "did they finish this lesson?"), the releases and overrides of their classes,
# their rating and flags (insight.feedback, one UNION), their follows, likes and held posts on
# the class's remembered discussion page (one UNION; none without threads), and their week's
# Kata entry joined to its iterations (coaching).
BUDGETS = {
    ("enrolled", "lesson page"): 6,
    ("anonymous", "lesson page"): 0,
    ("anonymous", "course outline page"): 0,
    ("anonymous", "week page"): 0,
    # The lesson API: user, the lesson, access (2); its body is remembered per publish.
    ("enrolled", "lesson API"): 4,
}


def give_every_panel_work(lesson) -> None:
    """A discussion prompt and a Kata exercise in the lesson, so every panel under it (the
    discussion, the feedback, the Kata journal) renders."""
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "discussion_prompt", "value": {"prompt": "When did you last say no?"}},
        {
            "type": "exercise",
            "value": {
                "title": "Your first Kata",
                "challenge": "Pick a product challenge.",
                "target_condition": "",
                "obstacle": "",
                "next_step": "",
                "expected": "",
                "learned": "",
            },
        },
    ]
    lesson.save_revision().publish()


@pytest.mark.parametrize(("viewer", "surface"), list(BUDGETS))
def test_budgets_hold_at_1x_and_10x(school, client, viewer, surface, rendering):
    if school.users[viewer] is not None:
        client.force_login(school.users[viewer])
    give_every_panel_work(school.lesson1)
    url = SURFACES[surface](school)
    budget = BUDGETS[(viewer, surface)]
    for factor in (1, 10):
        grow(school, factor)
        cache.clear()  # (publishes purge on commit, which these tests never reach)
        queries = count_queries(client, url)
        assert queries <= budget, f"{surface} for {viewer} at {factor}x: {queries} > {budget}"
