"""The data migration that renames what staff stored as "refunded": only places whose order
(or team seat) really was refunded or disputed stay ``refunded``."""

from importlib import import_module

import pytest

from django.apps import apps

from courses.models import Enrollment, EnrollmentStatus
from payments.models import OrderStatus, SeatStatus, TeamSeat
from tests.factories import EnrollmentFactory, OrderFactory, TeamFactory

migration = import_module("payments.migrations.0006_enrollments_ended_by_staff")

pytestmark = pytest.mark.django_db

REFUNDED = EnrollmentStatus.REFUNDED


def status(enrollment) -> str:
    return Enrollment.objects.get(pk=enrollment.pk).status


def test_staff_rows_become_ended_by_staff_and_refund_rows_stay_refunded():
    by_staff = EnrollmentFactory(status=REFUNDED)
    refunded_order = EnrollmentFactory(status=REFUNDED)
    OrderFactory(enrollment=refunded_order, cohort=refunded_order.cohort, status="refunded")
    disputed_order = EnrollmentFactory(status=REFUNDED)
    OrderFactory(enrollment=disputed_order, cohort=disputed_order.cohort, status="disputed")
    paid_order_ended_by_staff = EnrollmentFactory(status=REFUNDED)
    OrderFactory(
        enrollment=paid_order_ended_by_staff,
        cohort=paid_order_ended_by_staff.cohort,
        status=OrderStatus.FULFILLED,
    )
    team_seat = EnrollmentFactory(status=REFUNDED)
    team = TeamFactory(cohort=team_seat.cohort)
    OrderFactory(team=team, cohort=team.cohort, seats=2, status=OrderStatus.REFUNDED)
    TeamSeat.objects.create(
        team=team, user=team_seat.user, enrollment=team_seat, status=SeatStatus.RELEASED
    )
    active = EnrollmentFactory()

    migration.staff_rows_forward(apps, None)

    assert status(by_staff) == EnrollmentStatus.ENDED_BY_STAFF
    assert status(paid_order_ended_by_staff) == EnrollmentStatus.ENDED_BY_STAFF
    assert status(refunded_order) == REFUNDED
    assert status(disputed_order) == REFUNDED
    assert status(team_seat) == REFUNDED
    assert status(active) == EnrollmentStatus.ACTIVE

    migration.staff_rows_backward(apps, None)
    assert status(by_staff) == REFUNDED
