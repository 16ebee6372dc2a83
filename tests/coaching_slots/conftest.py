"""A coach with slots, an executive tier that includes two sessions, and students."""

import datetime as dt

import pytest

from django.utils import timezone

from coaching.slots.services import slot_publish
from courses.entitlements.models import EntitlementKind, TierEntitlement
from courses.models import EnrollmentTier
from tests.factories import CoachFactory, CohortFactory, EnrollmentFactory, UserFactory


def tier_sessions(count: int) -> None:
    TierEntitlement.objects.update_or_create(
        tier=EnrollmentTier.EXECUTIVE,
        kind=EntitlementKind.COACHING_SESSIONS,
        defaults={"quantity": count},
    )


def executive(cohort=None):
    cohort = cohort or CohortFactory(start_date=timezone.now().date() - dt.timedelta(days=3))
    return EnrollmentFactory(cohort=cohort, tier=EnrollmentTier.EXECUTIVE).user


def standard(cohort=None):
    cohort = cohort or CohortFactory(start_date=timezone.now().date() - dt.timedelta(days=3))
    return EnrollmentFactory(cohort=cohort, tier=EnrollmentTier.STANDARD).user


def coach_with_slots(*, days_ahead=(3, 4, 5)):
    coach = CoachFactory(user=UserFactory(first_name="Grace", last_name="Coach"))
    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    slots = [
        slot_publish(coach=coach, starts_at=start + dt.timedelta(days=d), minutes=60)
        for d in days_ahead
    ]
    return coach, slots


@pytest.fixture
def setup(db):
    tier_sessions(2)
    coach, slots = coach_with_slots()
    return coach, slots
