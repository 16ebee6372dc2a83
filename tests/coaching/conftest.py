"""The course school (tests/courses/conftest.py) plus a Kata exercise lesson and coaches."""

from dataclasses import dataclass

import pytest

from django.contrib.auth.models import Group

from courses.models import CoachRole, CohortCoach
from tests.courses.conftest import School, school  # noqa: F401 (the fixture)
from tests.factories import LessonPageFactory, UserFactory
from tests.factories.editorial import CoachFactory

EXERCISE = {
    "type": "exercise",
    "value": {
        "title": "Your first Kata",
        "challenge": "Pick a product challenge.",
        "target_condition": "",
        "obstacle": "",
        "next_step": "",
        "expected": "",
        "learned": "",
    },
}

KATA = {
    "challenge": "Halve onboarding drop-off",
    "target_condition": "70% finish onboarding",
    "current_condition": "40% finish",
    "obstacle": "Nobody reads the welcome email",
    "next_step": "Interview five who dropped",
    "expected": "They never saw step two",
    "learned": "",
}


@dataclass
class Coaching:
    school: School
    kata_lesson: object
    coach: object  # coaches the current class
    other_coach: object  # coaches the next class


@pytest.fixture
def coaching(school) -> Coaching:  # noqa: F811
    kata_lesson = LessonPageFactory(
        parent=school.week1, title="Kata practice", slug="kata-practice", body=[EXERCISE]
    )
    coaches = Group.objects.get(name="Coaches")
    coach = UserFactory(first_name="Carla", last_name="Coach")
    coach.groups.add(coaches)
    CohortCoach.objects.create(
        cohort=school.current, coach=CoachFactory(user=coach), role=CoachRole.LEAD
    )
    other_coach = UserFactory()
    other_coach.groups.add(coaches)
    CohortCoach.objects.create(
        cohort=school.next_class, coach=CoachFactory(user=other_coach), role=CoachRole.LEAD
    )
    return Coaching(school=school, kata_lesson=kata_lesson, coach=coach, other_coach=other_coach)


def enrollment_of(user, cohort):
    from courses.models import Enrollment

    return Enrollment.objects.get(user=user, cohort=cohort, status="active")
