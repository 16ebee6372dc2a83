"""The editors' queue reads the same number of queries at 1x and 10x flags and ratings: the
admin's lesson list, one lesson's queue with its transcript, and the API's queue."""

import itertools

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from insight.feedback.models import LessonRating, UnclearFlag
from tests.discussions.conftest import member
from tests.factories import EnrollmentFactory

_moments = itertools.count()


def add_feedback(school, times: int) -> None:
    """``times`` more students of the current class, each rating both lessons and flagging
    two moments of the first (one already handled)."""
    editor = school.users["staff"]
    for _ in range(times):
        student = EnrollmentFactory(cohort=school.current, user=member()).user
        for lesson in (school.lesson1, school.lesson2):
            LessonRating.objects.create(
                lesson=lesson, user=student, cohort=school.current, score=3, comment="ok"
            )
        step = next(_moments)
        UnclearFlag.objects.create(
            lesson=school.lesson1, user=student, cohort=school.current,
            moment=step * 37 % 700, note=f"note {step}",
        )  # fmt: skip
        UnclearFlag.objects.create(
            lesson=school.lesson1, user=student, cohort=school.current, moment=5,
            handled_by=editor, handled_at=student.date_joined,
        )  # fmt: skip


def queries(client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/lesson-feedback/",
        "/admin/lesson-feedback/lessons/{lesson}/",
        "/api/v1/lessons/{lesson}/unclear-flags/queue/",
        "/api/v1/lessons/{lesson}/unclear-flags/queue/?include_handled=true",
    ],
)
def test_queue_query_count_is_the_same_at_1x_and_10x(school, client, url):
    client.force_login(school.users["staff"])
    url = url.format(lesson=school.lesson1.pk)
    add_feedback(school, 1)
    client.get(url)  # warm the caches every later request finds warm (transcript, site)
    at_1x = queries(client, url)

    add_feedback(school, 9)
    at_10x = queries(client, url)

    assert UnclearFlag.objects.filter(lesson=school.lesson1).count() == 20
    shown = client.get(url).content.decode()
    unused = next(_moments)
    if "lessons/" in url:  # one lesson's queue names each of the 10 open flags
        assert all(f"note {step}" in shown for step in range(unused - 10, unused))
    assert at_10x == at_1x, f"{at_1x} queries at 1x, {at_10x} at 10x"
