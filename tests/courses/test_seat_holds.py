"""Seat holds (the capacity engine's holds of kind "cohort"): capacity counts enrollments and
unexpired holds, whoever sells the seats."""

import datetime as dt

import pytest

from django.utils import timezone

from courses.capacity import CohortFull, cohort_seats_left
from courses.models import Enrollment
from courses.selectors import cohorts_upcoming
from courses.services import enrollment_create
from engine.capacity.models import Hold
from engine.capacity.services import hold_place, hold_rekey, hold_release
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import CohortFactory, UserFactory

pytestmark = pytest.mark.django_db


def in_minutes(minutes: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def test_a_hold_takes_seats_until_it_expires():
    cohort = CohortFactory(capacity=5)

    hold_place(target=cohort, reference="order:1", places=3, expires_at=in_minutes(30))

    assert cohort_seats_left(cohort=cohort) == 2
    assert cohort_seats_left(cohort=cohort, now=in_minutes(31)) == 5


def test_a_hold_larger_than_the_seats_left_is_refused_with_what_is_left():
    cohort = CohortFactory(capacity=5)
    hold_place(target=cohort, reference="order:1", places=3, expires_at=in_minutes(30))

    with pytest.raises(CohortFull) as refused:
        hold_place(target=cohort, reference="order:2", places=3, expires_at=in_minutes(30))

    assert refused.value.seats_left == 2
    assert "only 2 seat(s) left" in str(refused.value)
    assert not Hold.objects.filter(reference="order:2").exists()


def test_placing_the_same_hold_again_changes_nothing():
    cohort = CohortFactory(capacity=5)
    first = hold_place(target=cohort, reference="order:1", places=2, expires_at=None)

    again = hold_place(target=cohort, reference="order:1", places=2, expires_at=None)

    assert again.pk == first.pk
    assert cohort_seats_left(cohort=cohort) == 3


def test_an_enrollment_from_a_hold_uses_the_held_seat_even_in_a_full_class():
    cohort = CohortFactory(capacity=2)
    hold_place(target=cohort, reference="team:1", places=2, expires_at=None)
    with pytest.raises(CohortFull):
        enrollment_create(user=UserFactory(), cohort=cohort, source="order")

    _, created = enrollment_create(
        user=UserFactory(), cohort=cohort, source="team_seat", hold_reference="team:1"
    )

    assert created
    assert Hold.objects.get(reference="team:1").places == 1
    assert cohort_seats_left(cohort=cohort) == 0


def test_the_last_held_seat_removes_the_hold():
    cohort = CohortFactory(capacity=3)
    hold_place(target=cohort, reference="order:9", places=1, expires_at=in_minutes(30))

    enrollment_create(user=UserFactory(), cohort=cohort, source="order", hold_reference="order:9")

    assert not Hold.objects.filter(reference="order:9").exists()
    assert cohort_seats_left(cohort=cohort) == 2


def test_an_expired_hold_needs_a_free_seat():
    cohort = CohortFactory(capacity=1)
    hold_place(target=cohort, reference="order:1", places=1, expires_at=in_minutes(-1))
    enrollment_create(user=UserFactory(), cohort=cohort, source="staff")

    with pytest.raises(CohortFull):
        enrollment_create(
            user=UserFactory(), cohort=cohort, source="order", hold_reference="order:1"
        )


def test_release_is_idempotent_and_frees_the_seats():
    cohort = CohortFactory(capacity=4)
    hold_place(target=cohort, reference="order:1", places=4, expires_at=in_minutes(30))

    assert hold_release(reference="order:1") == 4
    assert hold_release(reference="order:1") == 0
    assert cohort_seats_left(cohort=cohort) == 4


def test_placing_a_hold_again_resizes_it_within_capacity():
    cohort = CohortFactory(capacity=10)
    hold_place(target=cohort, reference="team:1", places=6, expires_at=None)

    assert hold_place(target=cohort, reference="team:1", places=9, expires_at=None).places == 9
    with pytest.raises(CohortFull):
        hold_place(target=cohort, reference="team:1", places=11, expires_at=None)
    assert hold_release(reference="team:1") == 9
    assert cohort_seats_left(cohort=cohort) == 10


def test_rekey_hands_an_orders_seats_to_a_team():
    cohort = CohortFactory(capacity=6)
    hold_place(target=cohort, reference="order:1", places=6, expires_at=in_minutes(30))

    hold = hold_rekey(
        target=cohort, reference="order:1", new_reference="team:1", places=6, expires_at=None
    )

    assert hold.reference == "team:1"
    assert hold.expires_at is None
    assert not Hold.objects.filter(reference="order:1").exists()
    assert cohort_seats_left(cohort=cohort, now=in_minutes(120)) == 0


def test_upcoming_classes_count_held_seats():
    cohort = CohortFactory(capacity=10)
    enrollment_create(user=UserFactory(), cohort=cohort, source="staff")
    hold_place(target=cohort, reference="order:1", places=4, expires_at=in_minutes(30))
    hold_place(target=cohort, reference="order:2", places=3, expires_at=in_minutes(-5))

    [listed] = cohorts_upcoming(course=cohort.course, now=timezone.now())

    assert listed.seats_taken == 5
    assert listed.seats_left == 5


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_holds_never_oversell_a_class():
    cohort = CohortFactory(capacity=10)

    results = run_in_threads(
        lambda i: hold_place(
            target=cohort, reference=f"order:{i}", places=3, expires_at=in_minutes(30)
        ),
        8,
    )

    placed = [r for r in results if isinstance(r, Hold)]
    refused = [r for r in results if isinstance(r, CohortFull)]
    assert len(placed) == 3
    assert len(refused) == 5
    assert cohort_seats_left(cohort=cohort) == 1


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_holds_and_direct_enrollments_race_for_the_last_seats():
    cohort = CohortFactory(capacity=4)
    users = [UserFactory() for _ in range(6)]

    def buy(i: int):
        if i % 2:
            return enrollment_create(user=users[i], cohort=cohort, source="order")
        return hold_place(
            target=cohort, reference=f"order:{i}", places=1, expires_at=in_minutes(30)
        )

    run_in_threads(buy, 6)

    enrolled = Enrollment.objects.filter(cohort=cohort, status="active").count()
    held = sum(
        Hold.objects.filter(kind="cohort", target_id=cohort.pk).values_list("places", flat=True)
    )
    assert enrolled + held == 4
