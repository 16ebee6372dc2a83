"""The calendar feed is valid iCalendar: text with commas and long titles survives the trip
through a parser, lines are folded at 75 octets and end in CRLF."""

import datetime as dt

import pytest
from icalendar import Calendar

from courses.calendar import calendar_for_user
from tests.factories import CohortFactory, CoursePageFactory, EnrollmentFactory, WeekPageFactory

pytestmark = pytest.mark.django_db

LONG_TITLE = "Product Management, Discovery; and Delivery: a course whose title never ends ✓"


def test_the_feed_parses_back_to_what_the_student_sees():
    course = CoursePageFactory(title=LONG_TITLE, slug="long")
    WeekPageFactory(parent=course, number=1, title="Outcomes, not output", slug="week-1")
    cohort = CohortFactory(
        course=course, name="March class", start_date=dt.date(2026, 3, 2), timezone="Asia/Tokyo"
    )
    enrollment = EnrollmentFactory(cohort=cohort)
    now = dt.datetime(2026, 2, 1, 12, tzinfo=dt.UTC)

    body = calendar_for_user(user=enrollment.user, now=now)

    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    (event, *later) = Calendar.from_ical(body).walk("VEVENT")
    assert len(later) == 9
    assert str(event["SUMMARY"]) == f"{LONG_TITLE}: week 1 opens (Outcomes, not output)"
    assert str(event["UID"]) == f"cohort-{cohort.pk}-week-1@institute"
    assert event.decoded("DTSTART") == dt.datetime(2026, 3, 2, 0, tzinfo=dt.UTC)  # 9:00 Tokyo
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(hours=1)
    assert event.decoded("DTSTAMP") == now
    assert str(later[0]["SUMMARY"]).endswith("week 2 opens (Week 2)")
