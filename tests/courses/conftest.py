"""A small school: one course, two weeks with a lesson each, three classes, seven people."""

import datetime as dt
from dataclasses import dataclass

import pytest

from django.contrib.auth.models import Group
from django.utils import timezone

from courses.models import EnrollmentStatus
from tests.factories import (
    CohortFactory,
    CoursePageFactory,
    EnrollmentFactory,
    UserFactory,
    WeekPageFactory,
    WeekReleaseFactory,
    lesson_with_files,
)


@dataclass
class School:
    course: object
    week1: object
    week2: object
    lesson1: object
    lesson2: object
    files1: dict
    files2: dict
    current: object  # started four days ago, week 1 released
    next_class: object  # starts in a month, nothing released
    users: dict


def editor_user():
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    return editor


@pytest.fixture
def school(db) -> School:
    course = CoursePageFactory(title="Product Management", slug="product-management")
    week1 = WeekPageFactory(parent=course, number=1, title="The product role", slug="week-1")
    week2 = WeekPageFactory(parent=course, number=2, title="Outcomes", slug="week-2")
    lesson1, files1 = lesson_with_files(parent=week1, title="What a product manager does")
    lesson2, files2 = lesson_with_files(parent=week2, title="Outcomes over output")
    today = timezone.now().date()
    current = CohortFactory(
        course=course, name="Current class", start_date=today - dt.timedelta(days=4)
    )
    next_class = CohortFactory(
        course=course, name="Next class", start_date=today + dt.timedelta(days=30)
    )
    WeekReleaseFactory(cohort=current, week_number=1)
    student = EnrollmentFactory(cohort=current).user
    other = EnrollmentFactory(cohort=next_class).user
    refunded = EnrollmentFactory(cohort=current, status=EnrollmentStatus.REFUNDED).user
    users = {
        "anonymous": None,
        "unenrolled": UserFactory(),
        "other_cohort": other,
        "enrolled": student,
        "refunded": refunded,
        "editor": editor_user(),
    }
    return School(
        course=course,
        week1=week1,
        week2=week2,
        lesson1=lesson1,
        lesson2=lesson2,
        files1=files1,
        files2=files2,
        current=current,
        next_class=next_class,
        users=users,
    )
