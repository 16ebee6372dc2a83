"""The live curriculum the funnel and the lesson table are counted against: every course's
weeks and lessons in page order (three queries, whatever the number of students)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from courses.models import CoursePage, LessonPage, WeekPage


@dataclass(frozen=True)
class LessonRef:
    id: int
    title: str
    course_id: int
    week_number: int


@dataclass
class Curriculum:
    lessons: list[LessonRef] = field(default_factory=list)  # in page order

    @property
    def week_numbers(self) -> list[int]:
        return sorted({lesson.week_number for lesson in self.lessons})

    def lesson_ids(self, *, week_number: int | None = None) -> list[int]:
        return [
            lesson.id
            for lesson in self.lessons
            if week_number is None or lesson.week_number == week_number
        ]

    def lessons_per_course(self) -> dict[int, int]:
        totals: dict[int, int] = defaultdict(int)
        for lesson in self.lessons:
            totals[lesson.course_id] += 1
        return dict(totals)


def curriculum_load() -> Curriculum:
    courses = dict(CoursePage.objects.live().values_list("path", "pk"))
    weeks = {
        path: (courses.get(path[: -WeekPage.steplen]), number)
        for path, number in WeekPage.objects.live().values_list("path", "number")
    }
    lessons = []
    for pk, path, title in (
        LessonPage.objects.live().order_by("path").values_list("pk", "path", "title")
    ):
        course_id, number = weeks.get(path[: -LessonPage.steplen], (None, None))
        if course_id is not None:
            lessons.append(LessonRef(pk, title, course_id, number))
    return Curriculum(lessons)
