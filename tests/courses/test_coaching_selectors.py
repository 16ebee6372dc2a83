"""Who coaches which class: the coach profile's user, assigned to classes with a role."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from courses.models import CoachRole, CohortCoach
from courses.selectors.coaching import cohort_ids_coached_by, user_coaches_cohort
from tests.factories import UserFactory
from tests.factories.editorial import CoachFactory

pytestmark = pytest.mark.django_db


def test_a_coach_coaches_the_classes_they_are_assigned_to(school):
    user = UserFactory()
    coach = CoachFactory(user=user)
    CohortCoach.objects.create(cohort=school.current, coach=coach, role=CoachRole.LEAD)

    assert cohort_ids_coached_by(user) == {school.current.pk}
    assert user_coaches_cohort(user, school.current.pk)
    assert not user_coaches_cohort(user, school.next_class.pk)


def test_an_assistant_coaches_too_and_a_profile_without_an_account_coaches_no_one(school):
    assistant = UserFactory()
    CohortCoach.objects.create(
        cohort=school.next_class, coach=CoachFactory(user=assistant), role=CoachRole.ASSISTANT
    )
    CohortCoach.objects.create(cohort=school.current, coach=CoachFactory(user=None))

    assert cohort_ids_coached_by(assistant) == {school.next_class.pk}
    assert cohort_ids_coached_by(school.users["enrolled"]) == frozenset()


def test_anonymous_and_deactivated_people_coach_nothing(school):
    user = UserFactory()
    CohortCoach.objects.create(cohort=school.current, coach=CoachFactory(user=user))
    user.is_active = False
    user.save()

    assert cohort_ids_coached_by(user) == frozenset()
    assert not user_coaches_cohort(user, school.current.pk)
    assert cohort_ids_coached_by(AnonymousUser()) == frozenset()
    assert not user_coaches_cohort(AnonymousUser(), school.current.pk)


def test_a_coach_is_assigned_to_a_class_once(school):
    coach = CoachFactory(user=UserFactory())
    CohortCoach.objects.create(cohort=school.current, coach=coach)
    with pytest.raises(IntegrityError), transaction.atomic():
        CohortCoach.objects.create(cohort=school.current, coach=coach, role=CoachRole.ASSISTANT)
