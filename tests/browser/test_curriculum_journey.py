"""The demo student opens week 1, a lesson, seeks the video from the transcript, downloads a
takeaway and finds week 4 still locked, in Chromium against the live server."""

import re
from pathlib import Path

import pytest

from courses.models import CoursePage, LessonPage, WeekPage
from demo.curriculum import CURRICULUM_PATH, seed_curriculum
from demo.school import DEMO_ACCOUNTS, seed_accounts, seed_home_page
from tests.baseline import migrated_baseline
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL = Path(__file__).parents[1] / "demo" / "fixtures" / "curriculum_small.json"


def seed_school() -> CoursePage:
    migrated_baseline()
    seed_accounts(lambda _line: None)
    seed_home_page(lambda _line: None)
    path = CURRICULUM_PATH if CURRICULUM_PATH.exists() else SMALL
    return seed_curriculum(lambda _line: None, path=path)


def sign_in_as_student(page) -> None:
    student = next(a for a in DEMO_ACCOUNTS if a.role == "student")
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(student.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(student.password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r".*/$"))


def test_student_watches_seeks_downloads_and_meets_a_locked_week(browser_page):
    course = seed_school()
    week1 = WeekPage.objects.child_of(course).get(number=1)
    week4 = WeekPage.objects.child_of(course).get(number=4)
    lesson = LessonPage.objects.child_of(week1).order_by("path").first()
    page = browser_page
    sign_in_as_student(page)

    page.goto(course.url)
    assert page.get_by_role("heading", name=re.compile("^Your class: ")).is_visible()
    week4_card = page.locator("#week-4")
    assert "Opens" in week4_card.inner_text()
    assert "Available" in page.locator("#week-1").inner_text()
    screenshot(page, "curriculum-course-page")

    page.get_by_role("link", name=f"Week 1: {week1.title}").first.click()
    page.wait_for_url(f"**{week1.url}")
    assert page.get_by_text("Available").first.is_visible()
    screenshot(page, "curriculum-week-1")

    page.get_by_role("link", name=lesson.title).first.click()
    page.wait_for_url(f"**{lesson.url}")
    video = page.locator("video").first
    page.wait_for_function("document.querySelector('video').readyState >= 1")
    cue = page.locator("button.cue").nth(2)
    start = float(cue.get_attribute("data-seek"))
    assert start > 1
    cue.click()
    page.wait_for_function(f"Math.abs(document.querySelector('video').currentTime - {start}) < 1.5")
    assert video.evaluate("v => v.currentTime") >= start - 0.5
    screenshot(page, "curriculum-lesson-transcript")

    takeaway = page.locator("a.takeaway").first
    with page.expect_download() as download_info:
        takeaway.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".txt")
    assert Path(download.path()).read_bytes().strip()

    page.goto(week4.url)
    assert page.get_by_role("heading", name=re.compile(r"^Opens ")).is_visible()
    screenshot(page, "curriculum-week-4-locked")
    locked_lesson = LessonPage.objects.child_of(week4).order_by("path").first()
    page.goto(locked_lesson.url)
    assert page.locator("section.locked").is_visible()
    assert page.locator("video").count() == 0
    assert page.locator("a.takeaway").count() == 0
    response = page.request.get(f"/api/v1/courses/lessons/{locked_lesson.pk}/")
    assert response.status == 403
    assert response.json()["access"]["reason"] == "not_released_yet"

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(lesson.url)
    screenshot(page, "curriculum-lesson-phone")
