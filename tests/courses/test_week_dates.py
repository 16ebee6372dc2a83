"""One selector loads what every schedule is computed from: releases and staff overrides."""

import datetime as dt

import pytest

from courses.models import WeekScheduleOverride
from courses.selectors import cohort_week_dates
from tests.factories import CohortFactory, WeekReleaseFactory

pytestmark = pytest.mark.django_db


def test_releases_and_overrides_come_back_per_class_and_week(django_assert_num_queries):
    first, second, untouched = CohortFactory(), CohortFactory(), CohortFactory()
    one = WeekReleaseFactory(cohort=first, week_number=1)
    two = WeekReleaseFactory(cohort=second, week_number=2)
    moved = dt.datetime(2027, 1, 4, 14, tzinfo=dt.UTC)
    WeekScheduleOverride.objects.create(cohort=first, week_number=3, due_at=moved)

    with django_assert_num_queries(1):  # releases and overrides in one UNION ALL
        dates = cohort_week_dates(cohort_ids=[first.pk, second.pk, untouched.pk, first.pk])

    assert dates.released(first.pk) == {1: one.released_at}
    assert dates.released(second.pk) == {2: two.released_at}
    assert dates.overridden(first.pk) == {3: moved}
    assert dates.released(untouched.pk) == {} and dates.overridden(second.pk) == {}


def test_no_class_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        dates = cohort_week_dates(cohort_ids=[])
    assert dates.released(1) == {} and dates.overridden(1) == {}
