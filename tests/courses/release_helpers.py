"""A class with lessons and students for the release tests."""

import datetime as dt
from dataclasses import dataclass

from tests.factories import (
    CohortFactory,
    CoursePageFactory,
    EnrollmentFactory,
    LessonPageFactory,
    WeekPageFactory,
)


@dataclass
class ReleaseSchool:
    course: object
    cohort: object
    weeks: list
    lessons: dict
    enrollments: list


def release_school(*, students: int = 3, start=dt.date(2026, 3, 2), tz="Europe/Berlin"):
    course = CoursePageFactory(title="Product Management", slug="product-management")
    weeks, lessons = [], {}
    for number in (1, 2, 3):
        week = WeekPageFactory(
            parent=course, number=number, title=f"Week {number} theme", slug=f"week-{number}"
        )
        weeks.append(week)
        lessons[number] = [
            LessonPageFactory(parent=week, title=f"Lesson {number}.{i}", slug=f"l-{number}-{i}")
            for i in (1, 2)
        ]
    cohort = CohortFactory(course=course, name="March class", start_date=start, timezone=tz)
    enrollments = [EnrollmentFactory(cohort=cohort) for _ in range(students)]
    return ReleaseSchool(course, cohort, weeks, lessons, enrollments)
