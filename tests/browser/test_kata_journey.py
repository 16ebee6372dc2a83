"""A student fills in and submits the week's Kata entry under the lesson, the coach answers
"try another iteration" from the workspace, and the student reads it and resubmits."""

import datetime as dt
import re

import pytest

from django.contrib.auth.models import Group
from django.utils import timezone

from coaching.models import EntryStatus, JournalEntry
from courses.models import CohortCoach
from tests.browser.conftest import open_account_menu, screenshot
from tests.coaching.conftest import EXERCISE
from tests.factories import (
    CohortFactory,
    CoursePageFactory,
    EnrollmentFactory,
    LessonPageFactory,
    WeekPageFactory,
    WeekReleaseFactory,
)
from tests.factories.accounts import DEFAULT_PASSWORD, VerifiedUserFactory
from tests.factories.editorial import CoachFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")


def test_kata_entry_feedback_and_resubmission(new_browser_page):
    course = CoursePageFactory(title="Product Management", slug="product-management")
    week1 = WeekPageFactory(parent=course, number=1, title="The product role", slug="week-1")
    lesson = LessonPageFactory(parent=week1, title="Kata practice", slug="kata", body=[EXERCISE])
    cohort = CohortFactory(
        course=course,
        name="November class",
        start_date=timezone.now().date() - dt.timedelta(days=3),
        timezone="Europe/Berlin",
    )
    WeekReleaseFactory(cohort=cohort, week_number=1)
    student = VerifiedUserFactory(email="learner@example.com", first_name="Lea")
    EnrollmentFactory(user=student, cohort=cohort)
    coach = VerifiedUserFactory(email="coach@example.com", first_name="Carla")
    coach.groups.add(Group.objects.get(name="Coaches"))
    CohortCoach.objects.create(cohort=cohort, coach=CoachFactory(user=coach))

    learner = new_browser_page()
    sign_in(learner, student)
    learner.goto(lesson.url)
    learner.get_by_label("Challenge").fill("Halve onboarding drop-off")
    learner.get_by_label("Current condition").fill("40% finish onboarding")
    learner.get_by_label("Next step").fill("Interview five people who dropped")
    learner.get_by_role("button", name="Save draft").click()
    learner.wait_for_load_state()
    assert learner.get_by_label("Challenge").input_value() == "Halve onboarding drop-off"
    learner.get_by_role("button", name="Submit to my coach").click()
    learner.wait_for_load_state()
    assert learner.get_by_test_id("entry-status").inner_text() == "Waiting for feedback"
    screenshot(learner, "kata-submitted")

    teacher = new_browser_page()
    sign_in(teacher, coach)
    open_account_menu(teacher)
    teacher.get_by_role("link", name="Coaching").click()
    teacher.get_by_role("link", name=re.compile("Lea.* week 1")).click()
    teacher.get_by_label("Try another iteration").check()
    teacher.get_by_label("Feedback").fill("Who exactly drops, and at which step?")
    teacher.get_by_role("button", name="Send feedback").click()
    teacher.wait_for_load_state()
    assert teacher.get_by_test_id("entry-status").inner_text() == "Try another iteration"
    screenshot(teacher, "kata-coach-feedback")

    learner.goto(lesson.url)
    assert (
        "Who exactly drops, and at which step?" in learner.get_by_test_id("feedback").inner_text()
    )
    learner.get_by_label("Obstacle").fill("Step two of onboarding is hidden below the fold")
    learner.get_by_role("button", name="Submit to my coach").click()
    learner.wait_for_load_state()
    assert learner.get_by_test_id("entry-status").inner_text() == "Waiting for feedback"
    assert learner.get_by_test_id("iteration-2").is_visible()
    screenshot(learner, "kata-resubmitted")
    learner.goto("/coaching/journal/")
    screenshot(learner, "kata-journal")

    entry = JournalEntry.objects.get()
    assert entry.status == EntryStatus.SUBMITTED
    assert list(entry.iterations.values_list("number", "verdict")) == [(1, "revise"), (2, "")]
