"""The demo course: ten weeks of lessons from ``content/curriculum.json``, three classes.

``seed_curriculum`` is one ``DEMO_STEPS`` entry of ``demo/school.py``. Like every step it is
idempotent: coaches are found by slug, FAQ entries by question, pages by slug under their
parent, cohorts by slug; a lesson that exists is left as it is (with its files), so a second
run creates nothing. Lesson files go to private collections: the demo video (a small WebM
test clip) and one WebVTT transcript per lesson to "Lesson media", one takeaway text file per
lesson to "Takeaways".

Classes: one that started 20 days ago (weeks 1-3 released, the demo student enrolled; week 4
opens tomorrow) and the next two, a month apart, open for enrollment.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape

from wagtail.documents import get_document_model

from cms.models import Coach, FAQEntry, HomePage
from courses.models import (
    Cohort,
    CourseCoach,
    CourseFAQ,
    CoursePage,
    EnrollmentSource,
    LessonPage,
    ReleaseSource,
    WeekPage,
)
from courses.schedule import week_due_at
from courses.services import (
    enrollment_create,
    private_collection_get_or_create,
    week_release_create,
)
from courses.transcripts import TranscriptError, parse_transcript

Report = Callable[[str], None]
DEMO_CONTENT = Path(__file__).resolve().parent / "content"
CURRICULUM_PATH = DEMO_CONTENT / "curriculum.json"
VIDEO_PATH = DEMO_CONTENT / "media" / "demo-lesson.webm"
VIDEO_TITLE = "Demo lesson video (test clip)"
DEMO_STUDENT_EMAIL = "student@institute.test"
DEMO_TIMEZONE = "America/New_York"
MEDIA_COLLECTION = "Lesson media"
REQUIRED = {
    "course": ("title", "slug", "tagline", "intro", "who_should_attend", "what_you_will_learn"),
    "week": ("number", "title", "slug", "theme", "summary", "learning_outcomes", "lessons"),
    "lesson": ("title", "slug", "summary", "body", "transcript_vtt", "takeaway"),
}


class CurriculumError(ValueError):
    """The curriculum file is not usable; the message says where and what to fix."""


def _paragraph(text: str) -> str:
    text = text.strip()
    return text if text.startswith("<") else f"<p>{escape(text)}</p>"


def _item(value: object) -> dict:
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


def _require(data: dict, kind: str, where: str) -> None:
    missing = [key for key in REQUIRED[kind] if key not in data]
    if missing:
        raise CurriculumError(f"{where}: missing {', '.join(missing)}")


def load_curriculum(path: Path) -> dict:
    """Read and check the file before anything is written (nothing half-seeded)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CurriculumError(f"{path.name} line {error.lineno}: {error.msg}") from None
    _require(data.get("course", {}), "course", "course")
    for week in data.get("weeks", []):
        _require(week, "week", f"week {week.get('number', '?')}")
        for lesson in week["lessons"]:
            where = f"week {week['number']}, lesson {lesson.get('slug', '?')}"
            _require(lesson, "lesson", where)
            try:
                parse_transcript(lesson["transcript_vtt"], f"{lesson['slug']}.vtt")
            except TranscriptError as error:
                raise CurriculumError(f"{where}: transcript {error}") from None
    return data


def _document(*, title: str, filename: str, content: bytes, collection):
    Document = get_document_model()
    document = Document(
        title=title, file=ContentFile(content, name=filename), collection=collection
    )
    document._set_document_file_metadata()
    document.save()
    return document


def demo_coaches(path: Path = CURRICULUM_PATH) -> list[dict]:
    """The school's coaches, as the demo curriculum names them: the one roster both the
    curriculum and the editorial steps seed from."""
    return json.loads(path.read_text(encoding="utf-8")).get("coaches", [])


def coach_ensure(data: dict, report: Report, *, sort_order: int = 0) -> Coach:
    """The coach with ``data["slug"]``, created from ``data`` when missing (never changed)."""
    coach, created = Coach.objects.get_or_create(
        slug=data["slug"],
        defaults={
            "name": data["name"],
            "role": data.get("role", ""),
            "bio": _paragraph(data.get("bio", "")),
            "linkedin_url": data.get("linkedin_url", ""),
            "sort_order": sort_order,
        },
    )
    if created:
        report(f"created coach {coach.name}")
    return coach


def _snippets(data: dict, report: Report) -> tuple[list[Coach], list[FAQEntry]]:
    coaches = [
        coach_ensure(coach_data, report, sort_order=position)
        for position, coach_data in enumerate(data.get("coaches", []))
    ]
    entries = []
    for faq in data.get("faq", []):
        entry, created = FAQEntry.objects.get_or_create(
            question=faq["question"],
            defaults={"answer": _paragraph(faq["answer"]), "category": faq.get("category", "")},
        )
        entries.append(entry)
        if created:
            report(f"created FAQ entry {entry.question!r}")
    return coaches, entries


def _course(data: dict, home: HomePage, coaches, faqs, report: Report) -> CoursePage:
    info = data["course"]
    course = CoursePage.objects.child_of(home).filter(slug=info["slug"]).first()
    if course is not None:
        report(f"kept course {course.title}")
        return course
    course = CoursePage(
        title=info["title"],
        slug=info["slug"],
        tagline=info["tagline"],
        intro=_paragraph(info["intro"]),
        show_in_menus=True,  # the header menu lists pages marked "show in menus"
        who_should_attend=[("item", text) for text in info["who_should_attend"]],
        what_you_will_learn=[("item", text) for text in info["what_you_will_learn"]],
        orientation=_paragraph(info.get("orientation", "")) if info.get("orientation") else "",
    )
    course.course_coaches = [CourseCoach(coach=c, sort_order=i) for i, c in enumerate(coaches)]
    course.course_faqs = [CourseFAQ(entry=e, sort_order=i) for i, e in enumerate(faqs)]
    home.add_child(instance=course)
    course.save_revision().publish()
    report(f"created course {course.title}")
    if home.hero_cta_link_id is None:
        home.hero_cta_link = course
        home.save_revision().publish()
    return course


def _lesson_body(lesson: dict, video, transcript, takeaway) -> list[dict]:
    body: list[dict] = [
        {"type": "paragraph", "value": "".join(_paragraph(p) for p in lesson["body"])},
        {
            "type": "video",
            "value": {
                "title": lesson["title"],
                "video_file": video.pk,
                "embed": None,
                "transcript": transcript.pk,
            },
        },
    ]
    if lesson.get("callout"):
        callout = lesson["callout"]
        body.append(
            {
                "type": "callout",
                "value": {
                    "tone": callout.get("tone", "info"),
                    "title": callout.get("title", ""),
                    "text": _paragraph(callout["text"]),
                },
            }
        )
    if lesson.get("exercise"):
        exercise = {
            key: lesson["exercise"].get(key) or ""
            for key in (
                "title",
                "challenge",
                "target_condition",
                "obstacle",
                "next_step",
                "expected",
                "learned",
            )
        }
        body.append({"type": "exercise", "value": exercise})
    body.append(
        {"type": "takeaways", "value": {"heading": "Takeaways", "documents": [_item(takeaway.pk)]}}
    )
    if lesson.get("discussion_prompt"):
        body.append({"type": "discussion_prompt", "value": {"prompt": lesson["discussion_prompt"]}})
    return [{**block, "id": str(uuid.uuid4())} for block in body]


def _weeks(data: dict, course: CoursePage, report: Report) -> None:
    media = private_collection_get_or_create(name=MEDIA_COLLECTION)
    takeaways = private_collection_get_or_create()
    Document = get_document_model()
    video = Document.objects.filter(collection=media, title=VIDEO_TITLE).first()
    if video is None:
        video = _document(
            title=VIDEO_TITLE,
            filename=VIDEO_PATH.name,
            content=VIDEO_PATH.read_bytes(),
            collection=media,
        )
    created_lessons = 0
    for week_data in data["weeks"]:
        week = WeekPage.objects.child_of(course).filter(slug=week_data["slug"]).first()
        if week is None:
            week = WeekPage(
                title=week_data["title"],
                slug=week_data["slug"],
                number=week_data["number"],
                theme=week_data["theme"],
                summary=week_data["summary"],
                learning_outcomes=[("item", text) for text in week_data["learning_outcomes"]],
            )
            course.add_child(instance=week)
            week.save_revision().publish()
            report(f"created week {week.number}: {week.title}")
        for lesson_data in week_data["lessons"]:
            if LessonPage.objects.child_of(week).filter(slug=lesson_data["slug"]).exists():
                continue
            prefix = f"Week {week.number} · {lesson_data['title']}"
            transcript = _document(
                title=f"{prefix} (transcript)",
                filename=f"week-{week.number:02d}-{lesson_data['slug']}.vtt",
                content=lesson_data["transcript_vtt"].encode(),
                collection=media,
            )
            takeaway_data = lesson_data["takeaway"]
            takeaway = _document(
                title=takeaway_data["title"],
                filename=takeaway_data["filename"],
                content=takeaway_data["text"].encode(),
                collection=takeaways,
            )
            lesson = LessonPage(
                title=lesson_data["title"],
                slug=lesson_data["slug"],
                summary=lesson_data["summary"],
                duration_minutes=lesson_data.get("duration_minutes"),
                body=_lesson_body(lesson_data, video, transcript, takeaway),
            )
            week.add_child(instance=lesson)
            lesson.save_revision().publish()
            created_lessons += 1
    report(f"created {created_lessons} lessons" if created_lessons else "kept every lesson")


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(DEMO_TIMEZONE))


def _cohorts(course: CoursePage, today: dt.date, report: Report) -> Cohort:
    current_start = today - dt.timedelta(days=20)
    plans = [
        ("demo-current-class", current_start, 40),
        ("demo-next-class", current_start + dt.timedelta(days=28), 30),
        ("demo-class-after-next", current_start + dt.timedelta(days=56), 30),
    ]
    cohorts = []
    for slug, start, capacity in plans:
        cohort = Cohort.objects.filter(slug=slug).first()
        if cohort is None:
            cohort = Cohort.objects.create(
                course=course,
                slug=slug,
                name=f"Class of {start:%-d %B %Y}",
                start_date=start,
                timezone=DEMO_TIMEZONE,
                release_hour=9,
                capacity=capacity,
                enrollment_opens_at=_local_midnight(start - dt.timedelta(days=60)),
                enrollment_closes_at=_local_midnight(start),
            )
            report(f"created cohort {cohort.name}")
        cohorts.append(cohort)
    current = cohorts[0]
    for week in (1, 2, 3):
        due = week_due_at(
            start_date=current.start_date,
            tz_name=current.timezone,
            release_hour=current.release_hour,
            week_number=week,
        )
        _, created = week_release_create(
            cohort=current, week_number=week, source=ReleaseSource.SCHEDULE, now=due
        )
        if created:
            report(f"released week {week} for {current.name}")
    return current


def seed_curriculum(
    report: Report, *, path: Path = CURRICULUM_PATH, today: dt.date | None = None
) -> CoursePage | None:
    if not path.exists():
        report(f"skipped the curriculum: {path} does not exist yet")
        return None
    data = load_curriculum(path)
    home = HomePage.objects.first()
    if home is None:
        raise CurriculumError("The home page must exist first (the 'home page' demo step).")
    coaches, faqs = _snippets(data, report)
    course = _course(data, home, coaches, faqs, report)
    _weeks(data, course, report)
    current = _cohorts(course, today or timezone.localdate(), report)
    student = get_user_model().objects.filter(email=DEMO_STUDENT_EMAIL).first()
    if student is not None:
        _, created = enrollment_create(user=student, cohort=current, source=EnrollmentSource.STAFF)
        report(f"{'enrolled' if created else 'kept'} {student.email} in {current.name}")
    return course
