"""A hand-built school whose every dashboard figure is known (tests/insight/test_dashboard*).

Course: week 1 (lessons 1a, 1b) and week 2 (lesson 2). Classes April and May.

April: s1 standard, bought (1a, 1b, 2: every lesson, finished); s2 executive team seat
(1a, 2); s3 standard, bought then refunded (1a); s4 standard, added by staff (nothing).
May: s5 standard, bought (1a, and a valid certificate: finished); s6 executive, bought
(nothing); and a place moved away from May (transferred: not counted anywhere).

Orders (cents, usd): April: o1 standard 90,000 paid with APRIL17 (10,000 off); o2 standard
100,000 paid then refunded in full; o3 executive team of 2, 400,000. May: o4 standard
90,000 with SPRING (10,000 off), 30,000 refunded. A pending order (nothing paid) counts nowhere.

Ratings: s1 5 and s2 3 on 1a (April), s5 4 on 1a (May). Waitlist for May: two waiting, one
who left.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.utils import timezone

from courses.models import (
    Certificate,
    EnrollmentSource,
    EnrollmentStatus,
    EnrollmentTier,
)
from courses.progress import lesson_progress_record
from engine.capacity.models import WaitlistEntry, WaitlistStatus
from insight.feedback.models import LessonRating
from payments.models import OrderStatus
from tests.factories import (
    CohortFactory,
    CoursePageFactory,
    EnrollmentFactory,
    LessonPageFactory,
    UserFactory,
    WeekPageFactory,
)
from tests.factories.payments import DiscountCodeFactory, OrderFactory, TeamFactory

PAID_AT = timezone.make_aware(dt.datetime(2026, 3, 10, 12, 0))


@dataclass
class DashboardSchool:
    april: object
    may: object
    lessons: dict


def dashboard_school() -> DashboardSchool:
    course = CoursePageFactory(title="Product Management", slug="pm-dashboard")
    week1 = WeekPageFactory(parent=course, number=1, title="Week one", slug="week-1")
    week2 = WeekPageFactory(parent=course, number=2, title="Week two", slug="week-2")
    lessons = {
        "1a": LessonPageFactory(parent=week1, title="Lesson 1a", slug="lesson-1a"),
        "1b": LessonPageFactory(parent=week1, title="Lesson 1b", slug="lesson-1b"),
        "2": LessonPageFactory(parent=week2, title="Lesson 2", slug="lesson-2"),
    }
    april = CohortFactory(course=course, name="April", start_date=dt.date(2026, 4, 1))
    may = CohortFactory(course=course, name="May", start_date=dt.date(2026, 5, 1))

    def enrol(cohort, tier=EnrollmentTier.STANDARD, source=EnrollmentSource.ORDER, **kw):
        return EnrollmentFactory(cohort=cohort, tier=tier, source=source, **kw)

    s1 = enrol(april)
    s2 = enrol(april, EnrollmentTier.EXECUTIVE, EnrollmentSource.TEAM_SEAT)
    s3 = enrol(april, status=EnrollmentStatus.REFUNDED)
    enrol(april, source=EnrollmentSource.STAFF)
    s5 = enrol(may)
    enrol(may, EnrollmentTier.EXECUTIVE)
    enrol(may, status=EnrollmentStatus.TRANSFERRED)  # moved away: counted where it went
    now = timezone.now()
    for enrollment, done in (
        (s1, ("1a", "1b", "2")),
        (s2, ("1a", "2")),
        (s3, ("1a",)),
        (s5, ("1a",)),
    ):
        for key in done:
            lesson_progress_record(enrollment=enrollment, lesson=lessons[key], done=True, now=now)
    Certificate.objects.create(
        enrollment=s5, holder_name="S Five", course_title="PM", cohort_name="May", issued_at=now
    )
    april17 = DiscountCodeFactory(code="APRIL17")
    spring = DiscountCodeFactory(code="SPRING")
    order = {"paid_at": PAID_AT, "list_unit_amount": 100_000, "unit_amount": 100_000}
    OrderFactory(
        cohort=april, buyer=s1.user, discount_code=april17, discount_amount=10_000, **order
    )
    OrderFactory(
        cohort=april,
        buyer=s3.user,
        amount_refunded=100_000,
        status=OrderStatus.REFUNDED,
        **order,
    )
    team = TeamFactory(cohort=april)
    OrderFactory(
        cohort=april,
        buyer=team.owner,
        tier=EnrollmentTier.EXECUTIVE,
        seats=2,
        team=team,
        paid_at=PAID_AT,
        list_unit_amount=200_000,
        unit_amount=200_000,
    )
    OrderFactory(
        cohort=may,
        buyer=s5.user,
        discount_code=spring,
        discount_amount=10_000,
        amount_refunded=30_000,
        **order,
    )
    OrderFactory(cohort=may, status=OrderStatus.PENDING, amount_paid=0)
    for user, score, cohort in ((s1.user, 5, april), (s2.user, 3, april), (s5.user, 4, may)):
        LessonRating.objects.create(lesson=lessons["1a"], user=user, cohort=cohort, score=score)
    for n, status in enumerate(
        (WaitlistStatus.WAITING, WaitlistStatus.WAITING, WaitlistStatus.LEFT)
    ):
        WaitlistEntry.objects.create(
            email=f"wait{n}@example.test",
            kind="cohort",
            target_id=may.pk,
            position=n,
            status=status,
        )
    return DashboardSchool(april=april, may=may, lessons=lessons)


def more_of_the_same(school: DashboardSchool, times: int) -> None:
    """``times`` more students in each class, each with progress, an order with a code, a
    rating and a waitlist entry: the rows grow, the query count must not."""
    code = DiscountCodeFactory()
    for i in range(times):
        for cohort in (school.april, school.may):
            enrollment = EnrollmentFactory(cohort=cohort, source=EnrollmentSource.ORDER)
            for lesson in school.lessons.values():
                lesson_progress_record(
                    enrollment=enrollment, lesson=lesson, done=True, now=timezone.now()
                )
            OrderFactory(cohort=cohort, buyer=enrollment.user, discount_code=code, paid_at=PAID_AT)
            LessonRating.objects.create(
                lesson=school.lessons["2"], user=enrollment.user, cohort=cohort, score=4
            )
            TeamFactory(cohort=cohort)
            WaitlistEntry.objects.create(
                email=f"more-{uuid.uuid4().hex}@example.test",
                kind="cohort",
                target_id=cohort.pk,
                position=100 + i,
            )
    UserFactory()  # unrelated rows do not matter either
