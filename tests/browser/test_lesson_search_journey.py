"""A student searches a phrase from a transcript in the header, clicks the hit, and the lesson
opens with the video at that moment and the cue marked; an unreleased week's phrase finds
nothing."""

import datetime as dt
import uuid

import pytest
from playwright.sync_api import expect

from django.utils import timezone

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
    "00:03:12.000 --> 00:03:20.000\nSay no to a feature by naming the outcome it misses.\n\n"
    "00:03:20.000 --> 00:03:30.000\nThen offer what would move the metric instead.\n"
)
LOCKED_VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nA secret about opportunity trees.\n"


def _lesson(week, title: str, vtt: str):
    slug = title.lower().replace(" ", "-")
    video = private_document(title=f"{title} video", filename=f"{slug}.webm", content=b"\x1a")
    transcript = private_document(title=title, filename=f"{slug}.vtt", content=vtt.encode())
    lesson = LessonPageFactory(
        parent=week,
        title=title,
        slug=slug,
        body=[
            {"type": "paragraph", "value": "<p>How to say no.</p>", "id": str(uuid.uuid4())},
            {
                "type": "video",
                "value": {"title": "Watch", "video_file": video.pk, "embed": None,
                          "transcript": transcript.pk},
                "id": str(uuid.uuid4()),
            },
        ],
    )  # fmt: skip
    lesson.save_revision().publish()  # as an editor publishes: this indexes it
    return lesson


def test_a_student_searches_a_transcript_and_lands_on_the_moment(new_browser_page):
    course = CoursePageFactory(title="Product Management", slug="product-management")
    week1 = WeekPageFactory(parent=course, number=1, title="The product role", slug="week-1")
    week2 = WeekPageFactory(parent=course, number=2, title="Discovery", slug="week-2")
    lesson = _lesson(week1, "Saying no", VTT)
    _lesson(week2, "Opportunity trees", LOCKED_VTT)
    cohort = CohortFactory(
        course=course, name="November class", start_date=timezone.now().date() - dt.timedelta(3)
    )
    WeekReleaseFactory(cohort=cohort, week_number=1)
    student = VerifiedUserFactory(email="ana@example.com", first_name="Ana")
    EnrollmentFactory(user=student, cohort=cohort)

    page = new_browser_page()
    sign_in(page, student.email)
    page.goto("/dashboard/")
    header = page.locator("form.header-search")
    header.get_by_role("searchbox").fill("naming the outcome")
    header.get_by_role("button", name="Search").click()
    expect(page.locator("[data-testid=search-count]")).to_have_text(
        "1 match for “naming the outcome”."
    )
    hit = page.locator(".search-hit").first
    expect(hit).to_contain_text("Week 1")
    expect(hit).to_contain_text("Saying no")
    expect(hit.locator("mark")).to_have_text(["naming", "the", "outcome"])
    screenshot(page, "lesson-search-results")

    hit.get_by_role("link", name="3:12").click()
    page.wait_for_url(f"**{lesson.url}#t=192.000")
    cue = page.locator(".transcript-cues li").filter(has_text="Say no to a feature")
    expect(cue.locator("button.cue")).to_have_attribute("aria-current", "true")
    seconds = page.evaluate("document.querySelector('[data-lesson-video] video').currentTime")
    assert seconds == pytest.approx(192.0)
    screenshot(page, "lesson-search-moment")

    # A phrase only an unreleased week says: nothing, and nothing that hints at it.
    page.goto("/search/?q=opportunity+trees")
    expect(page.locator("[data-testid=search-count]")).to_have_text(
        "0 matches for “opportunity trees”."
    )
    expect(page.locator(".search-hit")).to_have_count(0)
    assert "Discovery" not in page.content()
