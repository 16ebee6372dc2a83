"""Insight in Chromium: a student rates a lesson and flags an unclear moment under it,
answers the week's survey from the in-site prompt, and an editor signs in to the admin and
finds the rating and the flag in the lesson feedback queue and the answer in the survey's
results."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from django.contrib.auth.models import Group
from django.utils import timezone

from insight.surveys.models import Response
from insight.surveys.triggers import survey_invitations_send
from tests.browser.conftest import screenshot, sign_in
from tests.factories import (
    CohortFactory,
    CoursePageFactory,
    EnrollmentFactory,
    WeekPageFactory,
    WeekReleaseFactory,
    lesson_with_files,
)
from tests.factories.accounts import DEFAULT_PASSWORD, VerifiedUserFactory
from tests.factories.surveys import pulse_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_student_gives_feedback_and_an_editor_reads_it(new_browser_page):
    course = CoursePageFactory(title="Product Management", slug="product-management")
    week = WeekPageFactory(parent=course, number=1, title="The product role", slug="week-1")
    lesson, _files = lesson_with_files(parent=week, title="Outcomes over output")
    cohort = CohortFactory(
        course=course, name="November class",
        start_date=timezone.now().date() - dt.timedelta(days=10),
    )  # fmt: skip
    WeekReleaseFactory(cohort=cohort, week_number=1)
    ana = VerifiedUserFactory(email="ana@example.com", first_name="Ana")
    EnrollmentFactory(user=ana, cohort=cohort)
    survey = pulse_survey(week_number=1, course=course, title="Week 1 pulse")
    survey_invitations_send()  # the class's week 1 ended three days ago
    editor = VerifiedUserFactory(email="editor@example.com", first_name="Eda")
    editor.groups.add(Group.objects.get(name="Editors"))

    # The student: rate the lesson, flag a moment, then the survey from the prompt.
    page = new_browser_page()
    sign_in(page, ana.email)
    page.goto(lesson.url)
    feedback = page.locator("#lesson-feedback")
    feedback.get_by_label("4").check()
    feedback.get_by_label("Comment (optional)").fill("The examples were concrete.")
    feedback.get_by_role("button", name="Rate this lesson").click()
    expect(page.get_by_text("Thank you: your rating is saved.")).to_be_visible()
    feedback = page.locator("#lesson-feedback")
    feedback.get_by_label("Moment (seconds into the video)").fill("75")
    feedback.get_by_label("What was unclear? (optional)").fill("Outcome versus output example")
    feedback.get_by_role("button", name="Flag as unclear").click()
    expect(page.get_by_text("the editors will look at 1:15 again")).to_be_visible()

    prompt = page.locator(".survey-prompt")
    expect(prompt).to_contain_text("A short survey is waiting for you")
    prompt.get_by_role("link", name="Week 1 pulse").click()
    expect(page.get_by_role("heading", name="Week 1 pulse")).to_be_visible()
    page.get_by_role("button", name="Send my answers").click()  # nothing chosen yet
    expect(page.get_by_text("Please check 3 answers below")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(3)
    screenshot(page, "survey-errors")
    questions = page.locator("fieldset.survey-question")
    questions.nth(0).get_by_label("9", exact=True).check()
    questions.nth(1).get_by_label("4", exact=True).check()
    questions.nth(2).get_by_label("Too fast").check()
    questions.nth(3).get_by_label("Your answer").fill("Split the week 1 reading in two.")
    page.screenshot(path="/tmp/surveys-survey-page.png", full_page=True)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you: your answers are saved.")).to_be_visible()
    expect(page.get_by_text("You answered this survey")).to_be_visible()
    assert Response.objects.filter(survey=survey, invitation__user=ana).count() == 1
    page.goto(lesson.url)
    expect(page.locator(".survey-prompt")).to_have_count(0)

    # The editor: the admin's lesson feedback queue, then the survey's results.
    admin = new_browser_page()
    admin.goto("/admin/login/")
    admin.fill("input[name=username]", editor.email)
    admin.fill("input[name=password]", DEFAULT_PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_url(re.compile(r"/admin/$"))
    admin.goto("/admin/lesson-feedback/")
    row = admin.locator("table.listing tbody tr", has_text="Outcomes over output")
    expect(row).to_contain_text("1")
    row.get_by_role("link", name="Outcomes over output").click()
    expect(admin.locator("[data-rating-summary]")).to_contain_text("4.00 / 5")
    expect(admin.locator("[data-flag-group]")).to_contain_text("Outcome versus output example")
    expect(admin.locator("[data-flag-group]")).to_contain_text("1:15")

    admin.goto("/admin/snippets/surveys/survey/")
    admin.get_by_role("link", name=re.compile(r"Results \(1 answered\)")).click()
    expect(admin.get_by_text("1 of 1 invited students answered")).to_be_visible()
    expect(admin.locator("table.survey-nps")).to_contain_text("1 (100.0%)")
    expect(admin.locator(".survey-texts")).to_contain_text("Split the week 1 reading in two.")
    admin.screenshot(path="/tmp/surveys-results-page.png", full_page=True)
    admin.locator("section.survey-result").nth(2).screenshot(path="/tmp/surveys-results-pace.png")
    admin.locator("section.survey-result").last.screenshot(path="/tmp/surveys-results-texts.png")
    screenshot(admin, "survey-results")
