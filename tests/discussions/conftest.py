"""A course with two weeks, two classes (week 1 released for the current one), and people in
every position the access policy distinguishes."""

import datetime as dt
from dataclasses import dataclass

import pytest

from django.contrib.auth.models import Group
from django.utils import timezone

from courses.models import CohortCoach, EnrollmentStatus
from tests.factories import (
    CohortFactory,
    CoursePageFactory,
    EnrollmentFactory,
    UserFactory,
    WeekPageFactory,
    WeekReleaseFactory,
    lesson_with_files,
)
from tests.factories.editorial import CoachFactory

OLD = timezone.now() - dt.timedelta(days=60)


def member(**kwargs):
    """An account old enough not to be held as new."""
    return UserFactory(date_joined=OLD, **kwargs)


@dataclass
class School:
    course: object
    lesson1: object
    lesson2: object
    current: object
    other: object
    users: dict


@pytest.fixture
def school(db, settings) -> School:
    settings.COMMUNITY_NEW_ACCOUNT_HOURS = 24
    course = CoursePageFactory(title="Product Management", slug="product-management")
    week1 = WeekPageFactory(parent=course, number=1, title="The product role", slug="week-1")
    week2 = WeekPageFactory(parent=course, number=2, title="Outcomes", slug="week-2")
    lesson1, _ = lesson_with_files(parent=week1, title="What a product manager does")
    lesson2, _ = lesson_with_files(parent=week2, title="Outcomes over output")
    today = timezone.now().date()
    current = CohortFactory(course=course, name="Current", start_date=today - dt.timedelta(days=4))
    other = CohortFactory(course=course, name="Other", start_date=today - dt.timedelta(days=11))
    WeekReleaseFactory(cohort=current, week_number=1)
    WeekReleaseFactory(cohort=other, week_number=1)
    WeekReleaseFactory(cohort=other, week_number=2)

    student = EnrollmentFactory(cohort=current, user=member()).user
    classmate = EnrollmentFactory(cohort=current, user=member()).user
    other_class = EnrollmentFactory(cohort=other, user=member()).user
    refunded = EnrollmentFactory(
        cohort=current, user=member(), status=EnrollmentStatus.REFUNDED
    ).user
    # Moved from the other class into the current one.
    transferred = member()
    new_place = EnrollmentFactory(cohort=current, user=transferred)
    EnrollmentFactory(
        cohort=other,
        user=transferred,
        status=EnrollmentStatus.TRANSFERRED,
        transferred_to=new_place,
    )
    coach_user = member()
    CohortCoach.objects.create(cohort=current, coach=CoachFactory(user=coach_user))
    staff = member(is_staff=True)
    staff.groups.add(Group.objects.get(name="Editors"))
    users = {
        "anonymous": None,
        "student": student,
        "classmate": classmate,
        "other_class": other_class,
        "refunded": refunded,
        "transferred": transferred,
        "coach": coach_user,
        "staff": staff,
        "unenrolled": member(),
    }
    return School(course, lesson1, lesson2, current, other, users)
