"""A class that has not started: "Starts 12 December" and what a new student can do until then."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from django.utils import timezone

from courses.tokens import calendar_token
from tests.factories import CohortFactory
from tests.factories.accounts import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def course_page_for(client, user, course):
    client.login(email=user.email, password=DEFAULT_PASSWORD)
    return client.get(course.url).content.decode()


def test_a_future_class_says_starts_with_its_date_not_started(client, school):
    student = school.users["other_cohort"]
    start = school.next_class.start_date
    page = course_page_for(client, student, school.course)
    assert f"Starts {start.day} {start:%B}." in page
    assert "Started" not in page


def test_a_running_class_still_says_started(client, school):
    page = course_page_for(client, school.users["enrolled"], school.course)
    start = school.current.start_date
    assert f"Started {start.day} {start:%B %Y}." in page
    assert 'data-testid="before-start"' not in page


def test_before_the_start_the_page_shows_orientation_week_one_and_the_calendar(client, school):
    school.course.orientation = "<p>Introduce yourself in the class channel.</p>"
    school.course.save_revision().publish()
    student = school.users["other_cohort"]
    page = course_page_for(client, student, school.course)
    assert "Before your class starts" in page
    assert "Introduce yourself in the class channel." in page
    # Week 1 opens at 09:00 New York time on the start date, written for the browser to show
    # in the reader's own zone.
    opens = dt.datetime.combine(
        school.next_class.start_date, dt.time(9), tzinfo=ZoneInfo("America/New_York")
    )
    assert f'datetime="{timezone.localtime(opens).isoformat()}"' in page
    assert "data-local-time" in page
    token = calendar_token(user_id=student.pk)
    assert f"/calendar/{token}.ics" in page


def test_guidance_is_only_for_the_student_of_that_class(client, school):
    # A student of a running class sees no pre-start guidance for it.
    CohortFactory(course=school.course, start_date=timezone.now().date() + dt.timedelta(days=60))
    page = course_page_for(client, school.users["enrolled"], school.course)
    assert "Before your class starts" not in page
