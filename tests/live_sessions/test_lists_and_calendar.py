"""The sessions in the calendar feed, the header, the coach's workspace; the lists cost the
same number of queries at 1x and 10x sessions."""

import datetime as dt

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching.sessions.services import rsvp_create
from community.discussions.models import Thread
from courses.tokens import calendar_token
from tests.factories import EnrollmentFactory

from .conftest import make_session

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _sessions(cohort, count, *, offset=0):
    for n in range(count):
        session = make_session(
            cohort,
            starts_in=dt.timedelta(days=offset + n, hours=2),
            rsvp_required=True,
            capacity=5,
        )
        rsvp_create(session=session, user=EnrollmentFactory(cohort=cohort).user)


def test_the_calendar_feed_lists_the_class_sessions(client, coaching):
    school = coaching.school
    mine = make_session(school.current, starts_in=dt.timedelta(days=2), title="Q and A week 2")
    make_session(school.next_class, starts_in=dt.timedelta(days=2), title="Not my class")
    student = school.users["enrolled"]

    body = client.get(f"/calendar/{calendar_token(user_id=student.pk)}.ics").content.decode()

    assert f"UID:live-session-{mine.pk}@institute" in body
    assert "Q and A week 2" in body and "Not my class" not in body
    start = mine.starts_at.astimezone(dt.UTC)
    assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z" in body
    assert "secret-room" not in body  # the join link stays on the page, for the class
    assert "Week 1" in body or "week 1" in body  # the weeks are still there


@pytest.mark.parametrize("who", ["student", "coach"])
def test_the_sessions_list_does_not_grow_with_the_sessions(client, coaching, who):
    cohort = coaching.school.current
    client.force_login(coaching.school.users["enrolled"] if who == "student" else coaching.coach)
    url = reverse("live_sessions:list")
    _sessions(cohort, 1)
    _queries(client, url)  # warm the header caches
    once = _queries(client, url)
    _sessions(cohort, 9, offset=1)
    assert _queries(client, url) == once
    assert client.get(url).content.decode().count('data-testid="session-') == 10


def test_the_coach_workspace_does_not_grow_with_sessions_or_threads(client, coaching):
    school = coaching.school
    client.force_login(coaching.coach)
    url = reverse("coaching:workspace")
    _sessions(school.current, 1)
    _threads(school, 1)
    _queries(client, url)
    once = _queries(client, url)
    _sessions(school.current, 9, offset=1)
    _threads(school, 9)
    assert _queries(client, url) == once


def _threads(school, count, cohort=None, answered=False):
    for n in range(count):
        Thread.objects.create(
            cohort=cohort or school.current,
            lesson=school.lesson1,
            author=school.users["enrolled"],
            title=f"Question {n} {cohort or ''}",
            answered=answered,
        )


def test_the_workspace_lists_unanswered_threads_of_the_coach_classes_only(client, coaching):
    school = coaching.school
    Thread.objects.create(
        cohort=school.current,
        lesson=school.lesson1,
        author=school.users["enrolled"],
        title="How do I pick a target condition?",
    )
    Thread.objects.create(
        cohort=school.current,
        lesson=school.lesson1,
        author=school.users["enrolled"],
        title="Already answered",
        answered=True,
    )
    Thread.objects.create(
        cohort=school.next_class,
        lesson=school.lesson1,
        author=school.users["other_cohort"],
        title="Another class asks",
    )
    make_session(school.current, starts_in=dt.timedelta(days=1), title="Coach office hours")
    client.force_login(coaching.coach)

    page = client.get(reverse("coaching:workspace")).content.decode()

    assert "How do I pick a target condition?" in page
    assert "Already answered" not in page and "Another class asks" not in page
    assert "Coach office hours" in page


def test_the_header_links_the_sessions_page_for_the_class_only(client, coaching):
    make_session(coaching.school.current, starts_in=dt.timedelta(days=1))
    client.force_login(coaching.school.users["enrolled"])
    assert reverse("live_sessions:list") in client.get("/dashboard/").content.decode()
    client.force_login(coaching.school.users["other_cohort"])
    assert reverse("live_sessions:list") not in client.get("/dashboard/").content.decode()
