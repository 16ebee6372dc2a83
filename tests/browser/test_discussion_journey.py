"""Two students of one class discuss a lesson in Chromium: one anchors a post at a transcript
cue, the other clicks "at 3:12" and the video seeks there, a coach marks the answer, and the
first student sees the notification in the header."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from community.discussions.models import Post
from courses.models import CohortCoach
from tests.browser.conftest import open_account_menu, screenshot
from tests.factories import (
    CohortFactory,
    CoursePageFactory,
    EnrollmentFactory,
    LessonPageFactory,
    WeekPageFactory,
    WeekReleaseFactory,
)
from tests.factories.accounts import DEFAULT_PASSWORD, VerifiedUserFactory
from tests.factories.courses import private_document
from tests.factories.editorial import CoachFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VTT = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:05.000\nWelcome to the lesson.\n\n"
    "00:03:12.000 --> 00:03:20.000\nSay no to a feature by naming the outcome it misses.\n\n"
    "00:03:20.000 --> 00:03:30.000\nThen offer what would move the metric instead.\n"
)


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r".*/(dashboard/)?$"))


def test_two_students_discuss_a_moment_and_a_coach_answers(new_browser_page, live_server):
    course = CoursePageFactory(title="Product Management", slug="product-management")
    week = WeekPageFactory(parent=course, number=1, title="The product role", slug="week-1")
    video = private_document(title="Video", filename="saying-no.webm", content=b"\x1a\x45\xdf\xa3")
    transcript = private_document(
        title="Transcript", filename="saying-no.vtt", content=VTT.encode()
    )
    lesson = LessonPageFactory(
        parent=week,
        title="Saying no",
        slug="saying-no",
        body=[
            {"type": "paragraph", "value": "<p>How to say no.</p>"},
            {
                "type": "video",
                "value": {"title": "Watch", "video_file": video.pk, "embed": None,
                          "transcript": transcript.pk},
            },
            {"type": "discussion_prompt", "value": {"prompt": "When did you last say no?"}},
        ],
    )  # fmt: skip
    cohort = CohortFactory(
        course=course,
        name="November class",
        start_date=timezone.now().date() - dt.timedelta(days=3),
    )
    WeekReleaseFactory(cohort=cohort, week_number=1)
    old = timezone.now() - dt.timedelta(days=30)
    ana = VerifiedUserFactory(email="ana@example.com", first_name="Ana", date_joined=old)
    ben = VerifiedUserFactory(email="ben@example.com", first_name="Ben", date_joined=old)
    coach = VerifiedUserFactory(email="coach@example.com", first_name="Cleo", date_joined=old)
    for student in (ana, ben):
        EnrollmentFactory(user=student, cohort=cohort)
    CohortCoach.objects.create(cohort=cohort, coach=CoachFactory(user=coach))

    # Ana anchors a thread at the 3:12 cue of the transcript.
    page = new_browser_page()
    sign_in(page, ana)
    page.goto(lesson.url)
    cue = page.locator(".transcript-cues li").filter(has_text="Say no to a feature")
    cue.get_by_role("button", name="Discuss this moment").click()
    expect(page.locator("[data-moment-label]")).to_have_text("Anchored at 3:12")
    form = page.locator("[data-new-thread]")
    form.get_by_label("Title").fill("Saying no to the CEO")
    form.get_by_label(re.compile("Your post")).fill("How do you name the *outcome* it misses?")
    form.get_by_role("button", name="Post").click()
    expect(page.locator(".post").first).to_contain_text("at 3:12")
    assert Post.objects.get().moment == 192.0
    screenshot(page, "discussion-anchored")

    # Ben clicks "at 3:12": the video seeks there; he replies.
    other = new_browser_page()
    sign_in(other, ben)
    other.goto(lesson.url)
    expect(other.locator(".cue-discussed")).to_have_text("1 post from your class")
    other.get_by_role("link", name="at 3:12").click()
    assert other.url.endswith(lesson.url) or "around" not in other.url  # stayed, seeking
    seconds = other.evaluate("document.querySelector('[data-lesson-video] video').currentTime")
    assert seconds == pytest.approx(192.0)
    thread = other.locator(".thread").first
    thread.get_by_label("Reply").fill("Show the metric it would not move.")
    thread.get_by_role("button", name="Reply").click()
    expect(other.locator(".post.reply")).to_contain_text("Show the metric")

    # The coach marks Ben's reply as the answer on the class's discussion page.
    coach_page = new_browser_page()
    sign_in(coach_page, coach)
    coach_page.goto(f"/discussions/classes/{cohort.pk}/lessons/{lesson.pk}/")
    coach_page.get_by_role("button", name="Mark as coach's answer").click()
    expect(coach_page.locator(".post.answer")).to_contain_text("Coach's answer")
    screenshot(coach_page, "discussion-coach-answer")

    # Ana sees two notifications in the header: Ben's reply and the coach's answer.
    page.goto(lesson.url)
    open_account_menu(page)
    link = page.get_by_role("link", name=re.compile("Notifications"))
    expect(link).to_contain_text("2")
    link.click()
    expect(page.locator(".notification-list li")).to_have_count(2)
    expect(page.locator(".notification-list")).to_contain_text("marked a coach's answer")
    screenshot(page, "discussion-notifications")
    page.locator(".notification-list a").first.click()
    expect(page.locator(".post.answer")).to_be_visible()
    screenshot(page, "discussion-lesson")
