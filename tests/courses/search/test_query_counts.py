"""A search costs the same number of queries with 1x and 10x lessons and cues."""

import uuid

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import WeekReleaseFactory

from .conftest import published_lesson


def _add_lessons(school, count: int, cues: int) -> None:
    vtt = "WEBVTT\n\n" + "".join(
        f"00:{i:02d}:00.000 --> 00:{i:02d}:30.000\nA counted cue about outcomes {i}.\n\n"
        for i in range(cues)
    )
    for n in range(count):
        week = school.week2 if n % 2 else school.week1
        published_lesson(week=week, title=f"Counted {uuid.uuid4().hex[:8]}", vtt=vtt, paragraph="x")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"q": "counted outcomes"})
    assert response.status_code == 200
    assert "Counted" in response.content.decode()  # a page of hits was read
    return len(captured)


@pytest.mark.parametrize("url", ["/search/", "/api/v1/courses/search/"])
@pytest.mark.parametrize("persona", ["enrolled", "staff"])
def test_search_queries_constant_at_1x_and_10x(search_school, client, url, persona):
    WeekReleaseFactory(cohort=search_school.current, week_number=3)  # a week with none
    client.force_login(search_school.users[persona])
    _add_lessons(search_school, count=1, cues=3)
    client.get(url, {"q": "warm"})  # site root paths and session cached, as on any visit
    one = _queries(client, url)
    _add_lessons(search_school, count=9, cues=30)
    ten = _queries(client, url)
    assert ten == one, (one, ten)
