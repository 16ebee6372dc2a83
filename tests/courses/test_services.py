"""Enroll, revoke, transfer and release: idempotent, capacity-safe, and what access follows."""

import datetime as dt

import pytest

from django.utils import timezone

from courses.capacity import CohortFull
from courses.models import Enrollment, EnrollmentSource, EnrollmentStatus, WeekRelease
from courses.selectors import AccessReason, lesson_access
from courses.services import (
    EnrollmentNotActive,
    enrollment_create,
    enrollment_revoke,
    enrollment_revoke_following_transfers,
    enrollment_transfer,
    week_release_create,
)
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import CohortFactory, UserFactory


def test_enrollment_create_is_idempotent(school):
    user = UserFactory()
    first, created = enrollment_create(user=user, cohort=school.current, source="staff")
    again, created_again = enrollment_create(user=user, cohort=school.current, source="order")
    assert created and not created_again
    assert again.pk == first.pk
    assert Enrollment.objects.filter(user=user).count() == 1


def test_a_full_cohort_refuses_a_new_student_unless_staff_override(school):
    cohort = CohortFactory(course=school.course, capacity=1)
    enrollment_create(user=UserFactory(), cohort=cohort, source=EnrollmentSource.ORDER)
    late = UserFactory()
    with pytest.raises(CohortFull):
        enrollment_create(user=late, cohort=cohort, source=EnrollmentSource.ORDER)
    assert not Enrollment.objects.filter(user=late).exists()
    _, created = enrollment_create(
        user=late, cohort=cohort, source=EnrollmentSource.STAFF, ignore_capacity=True
    )
    assert created


def test_refunded_seats_are_free_again(school):
    cohort = CohortFactory(course=school.course, capacity=1)
    enrollment, _ = enrollment_create(user=UserFactory(), cohort=cohort, source="order")
    enrollment_revoke(enrollment=enrollment)
    _, created = enrollment_create(user=UserFactory(), cohort=cohort, source="order")
    assert created


def test_revoke_removes_access_at_once_and_is_idempotent(school):
    student = school.users["enrolled"]
    now = timezone.now()
    assert lesson_access(user=student, lesson=school.lesson1, now=now).allowed
    enrollment = Enrollment.objects.get(user=student)
    enrollment_revoke(enrollment=enrollment)
    enrollment_revoke(enrollment=enrollment)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.REFUNDED and enrollment.ended_at
    access = lesson_access(user=student, lesson=school.lesson1, now=now)
    assert access.reason == AccessReason.REVOKED


def test_a_refund_can_start_again_with_a_new_enrollment(school):
    student = school.users["refunded"]
    _, created = enrollment_create(user=student, cohort=school.current, source="staff")
    assert created
    assert lesson_access(user=student, lesson=school.lesson1, now=timezone.now()).allowed


def test_transfer_moves_access_to_the_new_class(school):
    student = school.users["enrolled"]
    old = Enrollment.objects.get(user=student)
    new = enrollment_transfer(enrollment=old, to_cohort=school.next_class)
    old.refresh_from_db()
    assert old.status == EnrollmentStatus.TRANSFERRED and old.transferred_to == new
    access = lesson_access(user=student, lesson=school.lesson1, now=timezone.now())
    assert access.reason == AccessReason.NOT_RELEASED_YET
    assert access.cohort == school.next_class
    with pytest.raises(EnrollmentNotActive):
        enrollment_transfer(enrollment=old, to_cohort=school.current)


def test_revoking_follows_the_transfers_to_the_place_that_is_active_now(school):
    student = school.users["enrolled"]
    old = Enrollment.objects.get(user=student)
    new = enrollment_transfer(enrollment=old, to_cohort=school.next_class)

    ended = enrollment_revoke_following_transfers(enrollment=old)

    assert ended == new
    new.refresh_from_db()
    assert new.status == EnrollmentStatus.REFUNDED
    assert Enrollment.objects.get(pk=old.pk).status == EnrollmentStatus.TRANSFERRED
    assert enrollment_revoke_following_transfers(enrollment=old) is None  # already ended


def test_staff_end_access_with_their_own_status(school):
    enrollment = Enrollment.objects.get(user=school.users["enrolled"])
    ended = enrollment_revoke(enrollment=enrollment, status=EnrollmentStatus.ENDED_BY_STAFF)
    assert ended.status == EnrollmentStatus.ENDED_BY_STAFF
    with pytest.raises(ValueError, match="revoked as one of"):
        enrollment_revoke(enrollment=enrollment, status=EnrollmentStatus.ACTIVE)


def test_transfer_only_within_the_same_course(school):
    from tests.factories import CoursePageFactory

    elsewhere = CohortFactory(course=CoursePageFactory())
    with pytest.raises(ValueError, match="same course"):
        enrollment_transfer(
            enrollment=Enrollment.objects.get(user=school.users["enrolled"]), to_cohort=elsewhere
        )


def test_week_release_create_is_idempotent_and_opens_the_week(school):
    student = school.users["enrolled"]
    now = timezone.now()
    assert not lesson_access(user=student, lesson=school.lesson2, now=now).allowed
    release, created = week_release_create(cohort=school.current, week_number=2)
    again, created_again = week_release_create(cohort=school.current, week_number=2)
    assert created and not created_again and again.pk == release.pk
    assert WeekRelease.objects.filter(cohort=school.current, week_number=2).count() == 1
    assert lesson_access(user=student, lesson=school.lesson2, now=now).reason == "granted"


@pytest.mark.parametrize("week", [0, 11])
def test_week_release_refuses_weeks_outside_the_course(school, week):
    with pytest.raises(ValueError, match="1 to 10"):
        week_release_create(cohort=school.current, week_number=week)


def test_a_due_week_without_a_release_row_stays_closed(school):
    """Only the WeekRelease row opens a week: a passed due date alone does not."""
    student = school.users["enrolled"]
    later = timezone.now() + dt.timedelta(days=30)
    access = lesson_access(user=student, lesson=school.lesson2, now=later)
    assert access.reason == AccessReason.NOT_RELEASED_YET
    assert access.available_at < later


def test_not_released_yet_reports_the_overridden_date(school):
    from tests.factories import WeekScheduleOverrideFactory

    moved = timezone.now() + dt.timedelta(days=2, hours=5)
    WeekScheduleOverrideFactory(cohort=school.current, week_number=2, due_at=moved)
    access = lesson_access(user=school.users["enrolled"], lesson=school.lesson2, now=timezone.now())
    assert access.available_at == moved


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_the_last_seat_is_sold_once_under_concurrency():
    cohort = CohortFactory(capacity=1)
    buyers = [UserFactory() for _ in range(6)]
    results = run_in_threads(
        lambda i: enrollment_create(user=buyers[i], cohort=cohort, source="order"), 6
    )
    assert sum(1 for r in results if isinstance(r, tuple) and r[1]) == 1
    assert sum(1 for r in results if isinstance(r, CohortFull)) == 5
    assert Enrollment.objects.filter(cohort=cohort, status="active").count() == 1


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_releases_of_one_week_make_one_row():
    cohort = CohortFactory()
    results = run_in_threads(lambda i: week_release_create(cohort=cohort, week_number=3), 6)
    assert all(isinstance(r, tuple) for r in results), results
    assert sum(1 for _, created in results if created) == 1
    assert WeekRelease.objects.filter(cohort=cohort, week_number=3).count() == 1


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_one_student_enrolling_twice_at_once_gets_one_place():
    cohort = CohortFactory(capacity=10)
    student = UserFactory()
    results = run_in_threads(
        lambda i: enrollment_create(user=student, cohort=cohort, source="order"), 4
    )
    assert all(isinstance(r, tuple) for r in results), results
    assert Enrollment.objects.filter(user=student, cohort=cohort).count() == 1
