"""A school whose lessons are published (so the search indexes them as an editor's publish
would): week 1 is released to the current class, week 2 to nobody but the early class."""

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest

from django.utils import timezone

from courses.models import CohortCoach, EnrollmentStatus
from courses.services import enrollment_transfer
from tests.factories import (
    CohortFactory,
    CoursePageFactory,
    EnrollmentFactory,
    LessonPageFactory,
    UserFactory,
    WeekPageFactory,
    WeekReleaseFactory,
)
from tests.factories.courses import private_document
from tests.factories.editorial import CoachFactory, editorial_roles

WEEK1_VTT = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:04.000\n<v Coach>Welcome to the lesson.\n\n"
    "00:00:04.000 --> 00:00:09.500\nToday we look at outcomes, not output.\n\n"
    "00:03:12.000 --> 00:03:20.000\nWrite down one metric your team moves.\n"
)
WEEK2_VTT = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:06.000\nWelcome back to the lesson.\n\n"
    "00:01:05.000 --> 00:01:12.000\nThe opportunity tree grows from the desired outcome.\n"
)
WEEK1_SECRET_FREE = "Roadmaps promise outputs"  # body text of week 1
WEEK2_ONLY = "opportunity"  # appears only in week 2 (unreleased to the current class)


def published_lesson(*, week, title: str, vtt: str, paragraph: str):
    """A lesson with a video and transcript, published through a revision (as the admin does)."""
    slug = title.lower().replace(" ", "-")
    video = private_document(title=f"{title} video", filename=f"{slug}.webm", content=b"\x1a")
    transcript = private_document(
        title=f"{title} transcript", filename=f"{slug}.vtt", content=vtt.encode()
    )
    body = [
        {"type": "paragraph", "value": f"<p>{paragraph}</p>", "id": str(uuid.uuid4())},
        {
            "type": "video",
            "value": {
                "title": "Watch",
                "video_file": video.pk,
                "embed": None,
                "transcript": transcript.pk,
            },
            "id": str(uuid.uuid4()),
        },
    ]
    lesson = LessonPageFactory(parent=week, title=title, body=body)
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


@dataclass
class SearchSchool:
    course: object
    week1: object
    week2: object
    lesson1: object
    lesson2: object
    current: object
    next_class: object
    early: object
    users: dict


@pytest.fixture
def search_school(db) -> SearchSchool:
    course = CoursePageFactory(title="Product Management", slug="product-management")
    week1 = WeekPageFactory(parent=course, number=1, title="The product role", slug="week-1")
    week2 = WeekPageFactory(parent=course, number=2, title="Discovery", slug="week-2")
    lesson1 = published_lesson(
        week=week1,
        title="Outcomes over output",
        vtt=WEEK1_VTT,
        paragraph=f"{WEEK1_SECRET_FREE}; a lesson about outcomes.",
    )
    lesson2 = published_lesson(
        week=week2,
        title="Mapping the opportunity",
        vtt=WEEK2_VTT,
        paragraph="Interview customers every week, then map each lesson to an opportunity.",
    )
    today = timezone.now().date()
    day = dt.timedelta(days=1)
    current = CohortFactory(course=course, name="Current class", start_date=today - 4 * day)
    next_class = CohortFactory(course=course, name="Next class", start_date=today + 30 * day)
    early = CohortFactory(course=course, name="Early class", start_date=today - 11 * day)
    WeekReleaseFactory(cohort=current, week_number=1)
    WeekReleaseFactory(cohort=early, week_number=1)
    WeekReleaseFactory(cohort=early, week_number=2)

    enrolled = EnrollmentFactory(cohort=current).user
    other = EnrollmentFactory(cohort=next_class).user
    refunded = EnrollmentFactory(cohort=current, status=EnrollmentStatus.REFUNDED).user
    # Moved from the early class (weeks 1-2 released) to the current one (week 1).
    moving = EnrollmentFactory(cohort=early)
    enrollment_transfer(enrollment=moving, to_cohort=current)
    coach = UserFactory()
    CohortCoach.objects.create(cohort=current, coach=CoachFactory(user=coach))
    editor = UserFactory(is_staff=True)
    editor.groups.add(editorial_roles()[0])  # Editors, as the migrations set them up
    users = {
        "anonymous": None,
        "unenrolled": UserFactory(),
        "other_cohort": other,
        "enrolled": enrolled,
        "transferred": moving.user,
        "refunded": refunded,
        "coach": coach,
        "staff": editor,
    }
    return SearchSchool(
        course=course,
        week1=week1,
        week2=week2,
        lesson1=lesson1,
        lesson2=lesson2,
        current=current,
        next_class=next_class,
        early=early,
        users=users,
    )
