"""Demo lesson feedback: the running class rates its released lessons and flags unclear moments.

The students of the class three weeks in (all but the demo student, who is left to try it)
rate each lesson of weeks 1-3, some with a comment, and flag moments of the video where they
got lost: each lesson has one or two lines of its transcript that trip several people up, so
the editors' queue (Admin > Lesson feedback) shows groups of flags along the transcript. The
editor has already worked through the flags of the class's first lesson: those are handled.

Everything goes through the real services (``lesson_rate``, ``unclear_flag_create``,
``unclear_flags_handle``) at believable times after each week opened. Idempotent: a lesson
someone has already rated or flagged is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.utils import timezone

from cms.models import User
from courses.models import Cohort, Enrollment, LessonPage, WeekPage, WeekRelease
from demo.discussions import _class_three_weeks_in as running_class
from insight.feedback.models import LessonRating, UnclearFlag
from insight.feedback.selectors import lesson_transcript_cues
from insight.feedback.services import lesson_rate, unclear_flag_create, unclear_flags_handle

Report = Callable[[str], None]

DEMO_STUDENT_EMAIL = "student@institute.test"
EDITOR_EMAIL = "editor@institute.test"
WEEKS = (1, 2, 3)

# Scores lean positive, as real course ratings do; a few people are harder to please.
SCORES = (5, 5, 4, 4, 4, 3, 5, 4, 2, 4)
COMMENTS = {
    5: (
        "The worked example made it click. I used the template with my team the same day.",
        "Short and to the point. More lessons like this one, please.",
        "",
    ),
    4: (
        "Useful, though I'd have liked a second example from a B2B product.",
        "Good pace. The transcript helped me catch the part I missed.",
        "",
        "",
    ),
    3: (
        "The ideas are fine but the middle drags; I skipped ahead twice.",
        "I already knew most of this. The exercise was the best part.",
    ),
    2: ("Felt abstract. I couldn't see how to apply it at a ten-person startup.",),
}
NOTES = (
    "Lost the thread here. Is this the same idea as in the previous lesson?",
    "Could you show this with a real example?",
    "What does this mean for a team without a data analyst?",
    "This went by too fast for me.",
    "",
    "",
    "I don't get how this differs from what we do in sprint planning.",
)


def _lessons(cohort: Cohort, week_number: int) -> list[LessonPage]:
    week = WeekPage.objects.child_of(cohort.course).filter(number=week_number).first()
    return list(LessonPage.objects.child_of(week).live().order_by("path")) if week else []


def _students(cohort: Cohort) -> list[User]:
    enrollments = Enrollment.objects.filter(cohort=cohort, status="active").exclude(
        user__email=DEMO_STUDENT_EMAIL
    )
    return [e.user for e in enrollments.select_related("user").order_by("user__email")]


def _when(rng: random.Random, opened: dt.datetime, now: dt.datetime) -> dt.datetime:
    """Some time in the days after the week opened, never in the future."""
    later = opened + dt.timedelta(hours=rng.randint(2, 96), minutes=rng.randint(0, 59))
    return min(later, now - dt.timedelta(minutes=5))


def _seed_lesson(
    lesson: LessonPage, students: list[User], opened: dt.datetime, now: dt.datetime
) -> tuple[int, int]:
    rng = random.Random(f"feedback:{lesson.slug}")  # noqa: S311 (a repeatable demo, not a secret)
    ratings = flags = 0
    for index, student in enumerate(students):
        if rng.random() < 0.2:  # not everyone rates every lesson
            continue
        score = SCORES[(index + rng.randint(0, 9)) % len(SCORES)]
        comment = rng.choice(COMMENTS[score]) if rng.random() < 0.6 else ""
        lesson_rate(
            user=student, lesson=lesson, score=score, comment=comment,
            now=_when(rng, opened, now),
        )  # fmt: skip
        ratings += 1
    cues = lesson_transcript_cues(lesson=lesson)
    if len(cues) < 4:
        return ratings, flags
    # One or two lines of each lesson trip people up; now and then someone flags another.
    hard = rng.sample(cues[2:-1], k=min(2, len(cues) - 3))
    for index, student in enumerate(students):
        cue = hard[index % len(hard)] if rng.random() < 0.6 else rng.choice(cues)
        if rng.random() < 0.35:
            continue
        moment = round(cue.start + rng.uniform(0, max(cue.end - cue.start, 0.5)), 1)
        unclear_flag_create(
            user=student, lesson=lesson, moment=moment, note=rng.choice(NOTES),
            now=_when(rng, opened, now),
        )  # fmt: skip
        flags += 1
    return ratings, flags


def seed_feedback(report: Report) -> None:
    cohort = running_class()
    students = _students(cohort) if cohort else []
    if cohort is None or not students:
        report("skipped lesson feedback: no running class with students")
        return
    now = timezone.now()
    opened_at = dict(
        WeekRelease.objects.filter(cohort=cohort).values_list("week_number", "released_at")
    )
    editor = User.objects.filter(email=EDITOR_EMAIL).first()
    ratings = flags = handled = 0
    first_lesson = True
    for week_number in WEEKS:
        if week_number not in opened_at:
            continue
        for lesson in _lessons(cohort, week_number):
            handle, first_lesson = first_lesson, False
            given = LessonRating.objects.filter(lesson=lesson, cohort=cohort).exists()
            flagged = UnclearFlag.objects.filter(lesson=lesson, cohort=cohort).exists()
            if given or flagged:
                continue
            added = _seed_lesson(lesson, students, opened_at[week_number], now)
            ratings, flags = ratings + added[0], flags + added[1]
            if editor is not None and handle:
                ids = list(UnclearFlag.objects.filter(lesson=lesson).values_list("pk", flat=True))
                handled += unclear_flags_handle(editor=editor, lesson=lesson, flag_ids=ids)
    report(
        f"lesson feedback for {cohort.name}: {ratings} ratings, {flags} unclear flags "
        f"({handled} handled) from {len(students)} students"
    )
