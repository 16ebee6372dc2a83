"""The demo course loads from curriculum.json, idempotently, with three classes."""

import datetime as dt
import json
from pathlib import Path

import pytest

from django.utils import timezone

from wagtail.documents import get_document_model

from courses.models import Cohort, Enrollment, LessonPage, WeekPage, WeekRelease
from courses.selectors import cohorts_upcoming, lesson_access
from demo.curriculum import CURRICULUM_PATH, CurriculumError, load_curriculum, seed_curriculum
from demo.school import seed_accounts, seed_home_page

SMALL = Path(__file__).parent / "fixtures" / "curriculum_small.json"


def silent(_line: str) -> None:
    pass


def seed(path: Path = SMALL, report=silent):
    seed_accounts(silent)
    seed_home_page(silent)
    return seed_curriculum(report, path=path)


def snapshot() -> dict:
    return {
        "lessons": LessonPage.objects.count(),
        "weeks": WeekPage.objects.count(),
        "documents": get_document_model().objects.count(),
        "cohorts": Cohort.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "releases": WeekRelease.objects.count(),
    }


@pytest.mark.django_db
def test_seeding_builds_the_course_and_a_second_run_changes_nothing():
    course = seed()
    first = snapshot()
    assert first == {
        "lessons": 5,
        "weeks": 4,
        "documents": 11,  # one shared video, a transcript and a takeaway per lesson
        "cohorts": 3,
        "enrollments": 1,
        "releases": 3,
    }
    lines: list[str] = []
    assert seed(report=lines.append).pk == course.pk
    assert snapshot() == first
    assert not [line for line in lines if line.startswith(("created", "released", "enrolled"))]


@pytest.mark.django_db
def test_demo_classes_one_running_two_open():
    course = seed()
    now = timezone.now()
    current = Cohort.objects.get(slug="demo-current-class")
    assert current.start_date == timezone.localdate() - dt.timedelta(days=20)
    assert sorted(current.releases.values_list("week_number", flat=True)) == [1, 2, 3]
    upcoming = cohorts_upcoming(course=course, now=now)
    assert [c.slug for c in upcoming] == ["demo-next-class", "demo-class-after-next"]
    assert all(c.is_open and c.seats_left == c.capacity for c in upcoming)


@pytest.mark.django_db
def test_the_demo_student_sees_weeks_1_to_3_and_week_4_locked(client):
    seed()
    student = Enrollment.objects.get(cohort__slug="demo-current-class").user
    assert student.email == "student@institute.test"
    now = timezone.now()
    by_week = {
        lesson.get_parent().specific.number: lesson_access(user=student, lesson=lesson, now=now)
        for lesson in LessonPage.objects.all()
    }
    assert all(by_week[n].allowed for n in (1, 2, 3))
    assert by_week[4].reason == "not_released_yet"
    assert by_week[4].available_at > now
    client.force_login(student)
    lesson = LessonPage.objects.get(slug="w1-lesson-1")
    html = client.get(lesson.url).content.decode()
    assert "Private body of week 1 lesson 1." in html
    assert 'data-seek="5.000"' in html and "Here is the main idea of lesson 1.1." in html
    assert "Worksheet 1.1" in html


@pytest.mark.django_db
def test_a_broken_transcript_in_the_file_stops_the_seed_before_writing(tmp_path):
    data = json.loads(SMALL.read_text())
    backwards = "WEBVTT\n\n00:00:01.000 --> 00:00:00.500\nx\n"
    data["weeks"][1]["lessons"][0]["transcript_vtt"] = backwards
    broken = tmp_path / "curriculum.json"
    broken.write_text(json.dumps(data))
    with pytest.raises(CurriculumError, match=r"week 2, lesson w2-lesson-1: transcript Line 3:"):
        seed(broken)
    assert LessonPage.objects.count() == 0


@pytest.mark.django_db
def test_a_missing_file_is_skipped_with_a_note(tmp_path):
    lines: list[str] = []
    assert seed(tmp_path / "absent.json", report=lines.append) is None
    assert any("does not exist yet" in line for line in lines)


def test_the_shipped_curriculum_is_complete_and_every_transcript_parses():
    data = load_curriculum(CURRICULUM_PATH)
    assert [week["number"] for week in data["weeks"]] == list(range(1, 11))
    assert all(len(week["lessons"]) >= 3 for week in data["weeks"])
    slugs = [lesson["slug"] for week in data["weeks"] for lesson in week["lessons"]]
    assert len(slugs) == len(set(slugs))
