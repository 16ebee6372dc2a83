"""A student flags an unclear moment from a transcript line in Chromium, first past the end of
the video (the lesson comes back with the message by the field, 400), then right; rates the
lesson; an editor sees the flag on the lesson's transcript in the admin and marks it handled."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from django.contrib.auth.models import Group
from django.utils import timezone

from insight.feedback.models import LessonRating, UnclearFlag
from tests.browser.conftest import screenshot, sign_in
from tests.factories import (
    CohortFactory,
    CoursePageFactory,
    EnrollmentFactory,
    LessonPageFactory,
    WeekPageFactory,
    WeekReleaseFactory,
)
from tests.factories.accounts import VerifiedUserFactory
from tests.factories.courses import private_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VTT = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:05.000\nWelcome to the lesson.\n\n"
    "00:01:40.000 --> 00:01:50.000\nAn outcome is a change in what people do.\n\n"
    "00:01:50.000 --> 00:02:00.000\nMeasure it before you build anything.\n"
)


def test_a_student_flags_and_rates_and_an_editor_handles_the_flag(new_browser_page):
    course = CoursePageFactory(title="Product Management", slug="product-management")
    week = WeekPageFactory(parent=course, number=1, title="Outcomes", slug="week-1")
    video = private_document(title="Video", filename="outcomes.webm", content=b"\x1a\x45\xdf\xa3")
    transcript = private_document(title="Transcript", filename="outcomes.vtt", content=VTT.encode())
    lesson = LessonPageFactory(
        parent=week, title="Outcomes over output", slug="outcomes", duration_minutes=2,
        body=[{"type": "video", "value": {"title": "Watch", "video_file": video.pk,
                                          "embed": None, "transcript": transcript.pk}}],
    )  # fmt: skip
    cohort = CohortFactory(
        course=course, name="November class", start_date=timezone.now().date() - dt.timedelta(3)
    )
    WeekReleaseFactory(cohort=cohort, week_number=1)
    ana = VerifiedUserFactory(email="ana@example.com", first_name="Ana")
    EnrollmentFactory(user=ana, cohort=cohort)
    editor = VerifiedUserFactory(email="eddie@example.com", first_name="Eddie", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))

    page = new_browser_page()
    sign_in(page, ana.email)
    page.goto(lesson.url)
    form = page.locator("[data-unclear-form]")
    form.get_by_label("Moment (seconds into the video)").fill("9999")
    form.get_by_label("What was unclear? (optional)").fill("Which metric?")
    form.get_by_role("button", name="Flag as unclear").click()
    error = page.locator('[data-field-error="moment"]')
    expect(error).to_contain_text("The video is 2:00 long")
    expect(page.get_by_label("What was unclear? (optional)")).to_have_value("Which metric?")
    screenshot(page, "lesson-feedback-refused")
    assert not UnclearFlag.objects.exists()

    cue = page.locator(".transcript-cues li").filter(has_text="An outcome is a change")
    cue.get_by_role("button", name="Unclear").click()
    page.locator("[data-unclear-form]").get_by_role("button", name="Flag as unclear").click()
    expect(page.locator(".messages")).to_contain_text("the editors will look at 1:40 again")
    rating = page.locator("form.lesson-rating")
    rating.get_by_label("4", exact=True).check()
    rating.get_by_label("Comment (optional)").fill("The example helped.")
    rating.get_by_role("button", name="Rate this lesson").click()
    expect(page.locator(".messages")).to_contain_text("your rating is saved")
    screenshot(page, "lesson-feedback-saved")
    assert (UnclearFlag.objects.get().moment, LessonRating.objects.get().score) == (100.0, 4)

    admin = new_browser_page()
    sign_in(admin, editor.email)
    admin.goto(f"/admin/lesson-feedback/lessons/{lesson.pk}/")
    expect(admin.locator("[data-rating-summary]")).to_contain_text("4.00 / 5 from 1 student")
    expect(admin.locator("[data-flagged]")).to_contain_text("An outcome is a change")
    expect(admin.locator("[data-flag-group]")).to_contain_text("Which metric?")
    screenshot(admin, "lesson-feedback-admin-queue")
    admin.get_by_role("button", name="Mark handled").click()
    expect(admin.get_by_text(re.compile("Marked 1 flag handled"))).to_be_visible()
    assert UnclearFlag.objects.get().handled_by == editor
