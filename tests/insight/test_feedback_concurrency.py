"""One student's concurrent ratings of one lesson leave one rating (through the service and
through the API), and concurrent flags from several students are each kept once (PostgreSQL,
real threads)."""

import pytest

from django.test import Client

from insight.feedback.models import LessonRating, UnclearFlag
from insight.feedback.services import lesson_rate, unclear_flag_create
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_ratings_by_one_student_leave_one_row_with_one_of_the_scores(school):
    student = school.users["student"]
    results = run_in_threads(
        lambda i: lesson_rate(user=student, lesson=school.lesson1, score=1 + i % 5), count=10
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    [rating] = LessonRating.objects.filter(lesson=school.lesson1, user=student)
    assert rating.score in {1 + i % 5 for i in range(10)}


def test_concurrent_api_ratings_by_one_student_are_counted_once(school):
    student = school.users["student"]
    url = f"/api/v1/lessons/{school.lesson1.pk}/rating/"
    clients = []
    for _ in range(8):
        client = Client()
        client.force_login(student)
        clients.append(client)

    responses = run_in_threads(
        lambda i: clients[i].put(
            url, {"score": 1 + i % 5, "comment": f"take {i}"}, content_type="application/json"
        ),
        count=8,
    )

    assert [r.status_code for r in responses] == [200] * 8, responses
    [rating] = LessonRating.objects.filter(lesson=school.lesson1)
    assert rating.comment in {f"take {i}" for i in range(8)}
    assert rating.score == 1 + int(rating.comment.split()[1]) % 5  # one submit, whole


def test_concurrent_flags_are_each_kept(school):
    people = [school.users["student"], school.users["classmate"]]
    results = run_in_threads(
        lambda i: unclear_flag_create(user=people[i % 2], lesson=school.lesson1, moment=30 + i),
        count=6,
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    assert UnclearFlag.objects.filter(lesson=school.lesson1).count() == 6
