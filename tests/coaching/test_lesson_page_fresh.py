"""What the student did under a lesson shows on their very next request: the lesson page
remembers only what every reader shares, never their rating, flags, Kata entry or "done"."""

import pytest

from django.utils import timezone

from coaching.services import journal_draft_save, journal_feedback_give, journal_submit
from courses.progress import lesson_progress_set
from insight.feedback.services import lesson_rate, unclear_flag_create
from tests.coaching.conftest import KATA, enrollment_of
from tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def test_the_students_own_marks_show_on_the_next_request(coaching, client):
    lesson, student = coaching.kata_lesson, coaching.school.users["enrolled"]
    enrollment = enrollment_of(student, coaching.school.current)
    client.force_login(student)
    first = client.get(lesson.url).content.decode()  # every cache filled
    assert "Rate this lesson" in first and "Mark as done" in first
    assert KATA["challenge"] not in first

    lesson_rate(user=student, lesson=lesson, score=4, comment="Clear enough")
    unclear_flag_create(user=student, lesson=lesson, moment=75)
    journal_draft_save(enrollment=enrollment, week_number=1, values=KATA)
    lesson_progress_set(user=student, lesson=lesson, done=True, now=timezone.now())
    html = client.get(lesson.url).content.decode()
    assert "you gave 4 of 5" in html and "Clear enough" in html
    assert "You flagged:" in html and "1:15" in html
    assert KATA["challenge"] in html  # the draft, back in the form
    assert "✓ Done" in html

    iteration = journal_submit(enrollment=enrollment, week_number=1, values=KATA)
    journal_feedback_give(
        coach=coaching.coach, iteration=iteration, verdict="accepted", feedback="Well framed"
    )
    html = client.get(lesson.url).content.decode()
    assert "Iteration 1" in html and "Well framed" in html and "Carla Coach" in html


def test_another_students_marks_never_show(coaching, client):
    lesson, student = coaching.kata_lesson, coaching.school.users["enrolled"]
    enrollment = enrollment_of(student, coaching.school.current)
    lesson_rate(user=student, lesson=lesson, score=2, comment="Mine only")
    journal_draft_save(enrollment=enrollment, week_number=1, values=KATA)
    client.force_login(student)
    assert "Mine only" in client.get(lesson.url).content.decode()
    client.force_login(EnrollmentFactory(cohort=coaching.school.current).user)
    html = client.get(lesson.url).content.decode()
    assert "Mine only" not in html and "you gave" not in html
    assert KATA["challenge"] not in html


def test_every_iteration_shows_with_its_coachs_feedback(coaching, client):
    """The panel reads the entry joined to its iterations: one row per iteration."""
    lesson, student = coaching.kata_lesson, coaching.school.users["enrolled"]
    enrollment = enrollment_of(student, coaching.school.current)
    first = journal_submit(enrollment=enrollment, week_number=1, values=KATA)
    journal_feedback_give(
        coach=coaching.coach, iteration=first, verdict="revise", feedback="Narrow it down"
    )
    second = journal_submit(enrollment=enrollment, week_number=1, values=KATA)
    journal_feedback_give(
        coach=coaching.coach, iteration=second, verdict="accepted", feedback="Well framed"
    )
    client.force_login(student)

    html = client.get(lesson.url).content.decode()

    assert "Iteration 1" in html and "Narrow it down" in html
    assert "Iteration 2" in html and "Well framed" in html
