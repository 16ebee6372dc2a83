"""Course pages, cohorts, enrollments, releases and private lesson files.

Pages hang from ``course_home()`` (the live home page the default site serves) and are
created live with ``parent.add_child``, as fast as a test needs. ``private_document`` puts a
file in the private "Takeaways" collection, as an editor would.
"""

import datetime as dt
import uuid

import factory
from factory.django import DjangoModelFactory

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from wagtail.documents import get_document_model
from wagtail.models import Page

from cms.models import HomePage
from courses.models import (
    Cohort,
    CoursePage,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    EnrollmentTier,
    LessonPage,
    ReleaseSource,
    WeekPage,
    WeekRelease,
    WeekScheduleOverride,
)
from courses.services import private_collection_get_or_create
from tests.baseline import site_home

from .accounts import UserFactory

Document = get_document_model()

GOOD_VTT = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:04.000\n<v Coach>Welcome to the lesson.\n\n"
    "00:00:04.000 --> 00:00:09.500\nToday we look at outcomes, not output.\n\n"
    "00:00:09.500 --> 00:00:15.000\nWrite down one metric your team moves.\n"
)


def course_home() -> HomePage:
    """The live home page the default site serves (even after a flush)."""
    return site_home()


class _PageFactory(DjangoModelFactory):
    """Creates the page live under ``parent`` (default: the home page)."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))

    @classmethod
    def _create(cls, model_class, *args, parent: Page | None = None, **kwargs):
        parent = parent or course_home()
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        return page


class CoursePageFactory(_PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Product Management {n}")
    tagline = "Ten weeks from output to outcomes."


class WeekPageFactory(_PageFactory):
    class Meta:
        model = WeekPage

    number = factory.Sequence(lambda n: n % 10 + 1)
    title = factory.LazyAttribute(lambda week: f"Week {week.number} theme")
    theme = "Outcomes"
    summary = "What this week is about."


class LessonPageFactory(_PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Lesson {n}")
    summary = "A public summary of the lesson."
    duration_minutes = 12
    body = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>The private lesson text.</p>"}]
    )


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = Cohort

    course = factory.SubFactory(CoursePageFactory)
    name = factory.Sequence(lambda n: f"Class {n}")
    slug = factory.LazyAttribute(lambda cohort: slugify(cohort.name))
    start_date = factory.LazyFunction(lambda: timezone.now().date() + dt.timedelta(days=14))
    timezone = "America/New_York"
    release_hour = 9
    capacity = 30


class EnrollmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrollment

    user = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    tier = EnrollmentTier.STANDARD
    source = EnrollmentSource.STAFF
    status = EnrollmentStatus.ACTIVE


class WeekReleaseFactory(DjangoModelFactory):
    class Meta:
        model = WeekRelease

    cohort = factory.SubFactory(CohortFactory)
    week_number = 1
    released_at = factory.LazyFunction(timezone.now)
    source = ReleaseSource.SCHEDULE


class WeekScheduleOverrideFactory(DjangoModelFactory):
    class Meta:
        model = WeekScheduleOverride

    cohort = factory.SubFactory(CohortFactory)
    week_number = 2
    due_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))


def private_document(*, title: str, filename: str, content: bytes, private: bool = True):
    """A Wagtail document; in the private 'Takeaways' collection unless ``private=False``."""
    kwargs = {"collection": private_collection_get_or_create()} if private else {}
    document = Document(title=title, file=ContentFile(content, name=filename), **kwargs)
    document._set_document_file_metadata()
    document.save()
    return document


def lesson_with_files(*, parent: WeekPage, title: str = "Outcomes over output", **kwargs):
    """A lesson with an uploaded video, its VTT transcript and one takeaway, all private.

    Returns ``(lesson, {"video": doc, "transcript": doc, "takeaway": doc})``.
    """
    slug = slugify(title)
    files = {
        "video": private_document(
            title=f"{title} video", filename=f"{slug}.webm", content=b"\x1a\x45\xdf\xa3webm"
        ),
        "transcript": private_document(
            title=f"{title} transcript", filename=f"{slug}.vtt", content=GOOD_VTT.encode()
        ),
        "takeaway": private_document(
            title=f"{title} checklist", filename=f"{slug}-checklist.txt", content=b"Checklist"
        ),
    }
    body = [
        {"type": "paragraph", "value": "<p>The private lesson text.</p>"},
        {
            "type": "video",
            "value": {
                "title": "Watch",
                "video_file": files["video"].pk,
                "embed": None,
                "transcript": files["transcript"].pk,
            },
        },
        {
            "type": "takeaways",
            "value": {
                "heading": "Takeaways",
                "documents": [
                    {"type": "item", "id": str(uuid.uuid4()), "value": files["takeaway"].pk}
                ],
            },
        },
    ]
    lesson = LessonPageFactory(parent=parent, title=title, body=body, **kwargs)
    return lesson, files
