"""The coach's pages and the journal cost the same number of queries at 1x and 10x data."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching.services import journal_submit
from tests.coaching.conftest import KATA
from tests.factories import EnrollmentFactory, WeekReleaseFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _students_submit(cohort, count):
    for _ in range(count):
        journal_submit(enrollment=EnrollmentFactory(cohort=cohort), week_number=1, values=KATA)


@pytest.mark.parametrize("name", ["workspace", "workspace_class"])
def test_coach_pages_do_not_grow_with_the_class(client, coaching, name):
    cohort = coaching.school.current
    url = reverse(f"coaching:{name}", args=[cohort.pk] if name == "workspace_class" else [])
    client.force_login(coaching.coach)
    _students_submit(cohort, 1)
    _queries(client, url)  # warm the page caches
    once = _queries(client, url)
    _students_submit(cohort, 9)
    assert _queries(client, url) == once


def test_the_journal_page_does_not_grow_with_the_weeks(client, coaching):
    school = coaching.school
    enrollment = EnrollmentFactory(cohort=school.current)
    client.force_login(enrollment.user)
    journal_submit(enrollment=enrollment, week_number=1, values=KATA)
    url = reverse("coaching:journal")
    _queries(client, url)
    once = _queries(client, url)
    for week in range(2, 11):
        WeekReleaseFactory(cohort=school.current, week_number=week)
        journal_submit(enrollment=enrollment, week_number=week, values=KATA)
    assert _queries(client, url) == once
