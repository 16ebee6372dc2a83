"""A signed-in visitor with no class sees the classes open now on their dashboard (issue 14,
item 3), chosen by one rule, ``courses.selectors.cohorts_open_next``: not started,
enrollment open, a seat left, soonest first."""

import datetime as dt

import pytest

from django.utils import timezone

from courses.selectors import cohorts_open_next
from engine.capacity.services import hold_place
from tests.factories import (
    CohortFactory,
    CoursePageFactory,
    EnrollmentFactory,
    VerifiedUserFactory,
    on_sale_cohort,
)

pytestmark = pytest.mark.django_db


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def classes(db):
    course = CoursePageFactory(title="Product Management", slug="pm")
    made = {
        "soon": on_sale_cohort(course=course, name="May class", slug="may", start_date=days(20)),
        "later": on_sale_cohort(course=course, name="June class", slug="june", start_date=days(50)),
        "last": on_sale_cohort(course=course, name="July class", slug="july", start_date=days(80)),
        "full": on_sale_cohort(
            course=course, name="Full class", slug="full", start_date=days(10), capacity=1
        ),
        "closed": on_sale_cohort(
            course=course,
            name="Closed class",
            slug="closed",
            start_date=days(12),
            enrollment_closes_at=timezone.now() - dt.timedelta(hours=1),
        ),
        "not yet": on_sale_cohort(
            course=course,
            name="Future class",
            slug="future",
            start_date=days(15),
            enrollment_opens_at=timezone.now() + dt.timedelta(days=2),
        ),
        "started": CohortFactory(course=course, name="Started class", start_date=days(-3)),
    }
    # The full class's one seat is in someone's checkout.
    hold_place(target=made["full"], reference="order:99", places=1, expires_at=None)
    return made


def test_the_next_classes_open_are_the_soonest_that_can_be_joined_now(classes):
    names = [c.name for c in cohorts_open_next(limit=2, now=timezone.now())]

    assert names == ["May class", "June class"]
    assert [c.name for c in cohorts_open_next(limit=5, now=timezone.now())] == [
        "May class",
        "June class",
        "July class",
    ]


def test_the_rule_costs_the_same_queries_at_1x_and_10x(classes, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        (first, _) = cohorts_open_next(limit=2, now=timezone.now())
        assert (first.seats_left, first.course.title) == (30, "Product Management")
    for n in range(10):
        on_sale_cohort(name=f"Extra {n}", slug=f"extra-{n}", start_date=days(100 + n))
    with django_assert_max_num_queries(1):
        assert len(cohorts_open_next(limit=2, now=timezone.now())) == 2


def test_a_visitor_with_no_class_sees_the_open_classes_with_their_prices(client, classes):
    client.force_login(VerifiedUserFactory())

    page = client.get("/dashboard/").content.decode()

    assert "You are not enrolled in a class yet." in page
    assert "Classes open now" in page
    assert "May class" in page and "June class" in page
    assert "July class" not in page and "Closed class" not in page
    assert "/payments/buy/may/" in page  # the payments panel: prices and a Buy link


def test_a_student_with_a_class_is_not_sold_another(client, classes):
    student = VerifiedUserFactory()
    EnrollmentFactory(user=student, cohort=classes["soon"])
    client.force_login(student)

    page = client.get("/dashboard/").content.decode()

    assert "Classes open now" not in page
