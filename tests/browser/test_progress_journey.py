"""A student signs in, lands on their dashboard, opens a released lesson, marks it done and
sees the week and course progress bars move, in Chromium."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from courses.models import LessonProgress
from tests.browser.conftest import screenshot
from tests.factories import (
    CohortFactory,
    CoursePageFactory,
    EnrollmentFactory,
    LessonPageFactory,
    WeekPageFactory,
    WeekReleaseFactory,
)
from tests.factories.accounts import DEFAULT_PASSWORD, VerifiedUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def bar(page, label: str) -> int:
    return int(page.get_by_role("progressbar", name=label).get_attribute("aria-valuenow"))


def test_student_marks_a_lesson_done_and_the_bars_move(browser_page):
    course = CoursePageFactory(title="Product Management", slug="product-management")
    week1 = WeekPageFactory(parent=course, number=1, title="The product role", slug="week-1")
    week2 = WeekPageFactory(parent=course, number=2, title="Outcomes", slug="week-2")
    first = LessonPageFactory(parent=week1, title="What a PM does", slug="what-a-pm-does")
    LessonPageFactory(parent=week1, title="A week in the life", slug="a-week-in-the-life")
    LessonPageFactory(parent=week2, title="Outcomes over output", slug="outcomes")
    cohort = CohortFactory(
        course=course,
        name="November class",
        start_date=timezone.now().date() - dt.timedelta(days=3),
        timezone="Europe/Berlin",
    )
    WeekReleaseFactory(cohort=cohort, week_number=1)
    student = VerifiedUserFactory(email="learner@example.com")
    enrollment = EnrollmentFactory(user=student, cohort=cohort)

    page = browser_page
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(student.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")
    assert page.locator("#account-menu-list a[href='/dashboard/']").count() == 1
    assert page.get_by_test_id("course-progress").inner_text() == "0 of 3 lessons done (0%)"
    assert bar(page, "Course progress") == 0
    assert bar(page, "Week 1 progress") == 0
    assert "opens" in page.locator(".dashboard-week").nth(1).inner_text()
    screenshot(page, "progress-dashboard-before")

    page.get_by_role("link", name="Continue: What a PM does").click()
    page.wait_for_url(f"**{first.url}")
    page.get_by_role("button", name="Mark as done").scroll_into_view_if_needed()
    page.get_by_role("button", name="Mark as done").click()
    # The reader comes back to the button they pressed, not to the top of the lesson.
    page.wait_for_url(f"**{first.url}#lesson-progress")
    expect(page.get_by_role("button", name="Mark as not done")).to_be_in_viewport()
    expect(page.get_by_role("status").filter(has_text="Marked as done.")).to_be_visible()
    expect(page.get_by_role("button", name="Mark as not done")).to_be_visible()
    screenshot(page, "progress-lesson-done")
    assert LessonProgress.objects.filter(enrollment=enrollment, lesson=first).exists()

    page.get_by_role("link", name="My progress").click()
    page.wait_for_url("**/dashboard/")
    assert page.get_by_test_id("course-progress").inner_text() == "1 of 3 lessons done (33%)"
    assert bar(page, "Course progress") == 33
    assert bar(page, "Week 1 progress") == 50
    assert page.get_by_role("link", name="Continue: A week in the life").is_visible()
    screenshot(page, "progress-dashboard-after")
