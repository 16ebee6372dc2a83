"""What several dashboard tables are counted from, read once per page: the live
curriculum, the classes, the places and the paid orders.

The enrollment tables (per class and tier, over time, teams against individuals), the funnel
and the lesson table's "enrolled" all count the same places: made within the period, not
moved to another class. ``DashboardFacts.places`` reads them from ``PlaceCount``, the counts
of places per class, day, tier, source, status and progress summary that
``courses.progress_counts`` keeps as places and progress are written (a few thousand rows
for a school's lifetime, whatever the number of students), grouped in the database by class,
day, tier, source and status with each group's funnel sums. The tables then add groups up;
no student is looked at one by one, in Python or in the database. The three revenue tables
likewise add up one GROUP BY of the period's paid orders (``order_groups``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import Case, Count, IntegerField, Sum, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from courses.models import (
    Certificate,
    CertificateStatus,
    Cohort,
    Enrollment,
    EnrollmentStatus,
    PlaceCount,
)
from insight.dashboard.period import Period
from insight.dashboard.selectors.curriculum import Curriculum, curriculum_load
from payments.cohort_revenue import orders_paid, revenue_figures

#: More lessons than any place can have done: "not finishable by lessons".
NEVER = 2**31 - 1


@dataclass(frozen=True)
class CohortRef:
    id: int
    name: str
    start_date: date
    course_id: int


@dataclass(frozen=True)
class PlaceGroup:
    """The places of one class made on one day with one tier, source and status."""

    cohort_id: int
    day: date
    tier: str
    source: str
    status: str
    places: int
    #: Of them, finished: a valid certificate, or every live lesson of the course done.
    finished: int
    #: Of them, by week number: how many marked at least one lesson of that week done.
    started: dict[int, int]


#: What each group of orders sums, in the smallest currency unit (``orders`` a count).
SUMS = ("orders", "gross", "refunded", "net", "discount_given")


@dataclass(frozen=True)
class OrderGroup:
    cohort_id: int | None  # None: a workshop's order
    tier: str
    code: str | None
    currency: str
    sums: dict[str, int]


def order_groups(period: Period) -> list[OrderGroup]:
    """The period's paid orders (``orders_paid``, the money that came in), grouped."""
    rows = (
        orders_paid()
        .filter(period.where("paid_at"))
        .values("cohort_id", "tier", "discount_code__code", "currency")
        .annotate(orders=Count("pk"), discount_given=Sum("discount_amount"), **revenue_figures())
        .order_by()
    )
    return [
        OrderGroup(
            cohort_id=row["cohort_id"],
            tier=row["tier"],
            code=row["discount_code__code"],
            currency=(row["currency"] or "").upper(),
            sums={name: int(row[name] or 0) for name in SUMS},
        )
        for row in rows
    ]


class DashboardFacts:
    """The period's shared reads, each made on first use (one query or a few)."""

    def __init__(self, *, period: Period):
        self.period = period

    @cached_property
    def curriculum(self) -> Curriculum:
        return curriculum_load()

    @cached_property
    def cohorts(self) -> dict[int, CohortRef]:
        """Every class, in start order (classes are few: one a month)."""
        return {
            pk: CohortRef(pk, name, start, course_id)
            for pk, name, start, course_id in Cohort.objects.order_by(
                "start_date", "pk"
            ).values_list("pk", "name", "start_date", "course_id")
        }

    @cached_property
    def orders(self) -> list[OrderGroup]:
        """The period's paid orders, grouped by class, tier, discount code and currency."""
        return order_groups(self.period)

    @cached_property
    def places(self) -> list[PlaceGroup]:
        """The period's places (not moved away) by class, day, tier, source and status, from
        the ``PlaceCount`` rows (already counts: a few per class and day), with how many of
        each group finished and started each week."""
        weeks = self.curriculum.week_numbers
        totals = self.curriculum.lessons_per_course()
        certified = self._certified_unfinished()
        groups: dict[tuple, dict] = {}
        rows = (
            PlaceCount.objects.filter(self.period.where_day("enrolled_on"), places__gt=0)
            .exclude(status=EnrollmentStatus.TRANSFERRED)
            .values_list(*GROUP_FIELDS, "enrolled_on", "lessons_done", "weeks_started", "places")
        )
        for cohort_id, tier, source, status, day, done, started, n in rows:
            key = (cohort_id, tier, source, status, day)
            group = groups.setdefault(
                key,
                {
                    "places": 0,
                    "finished": certified.get(key, 0),
                    "started": dict.fromkeys(weeks, 0),
                },
            )
            group["places"] += n
            total = totals.get(self.cohorts[cohort_id].course_id, 0)
            if total and done >= total:
                group["finished"] += n
            for week in weeks:
                if started >> week & 1:
                    group["started"][week] += n
        return [
            PlaceGroup(
                cohort_id=cohort_id,
                day=day,
                tier=tier,
                source=source,
                status=status,
                places=group["places"],
                finished=group["finished"],
                started=group["started"],
            )
            for (cohort_id, tier, source, status, day), group in groups.items()
        ]

    def _certified_unfinished(self) -> dict[tuple, int]:
        """Places holding a valid certificate without every lesson done (a completion rule
        below 100%), by group: read from the certificates, which are few."""
        certified = Certificate.objects.filter(status=CertificateStatus.VALID).values(
            "enrollment_id"
        )
        rows = (
            Enrollment.objects.filter(pk__in=certified)  # the certificates drive the lookup
            .filter(self.period.where("created_at"))
            .exclude(status=EnrollmentStatus.TRANSFERRED)
            .exclude(lessons_done__gte=self._lessons_total())
            .values(
                *GROUP_FIELDS,
                day=TruncDate("created_at", tzinfo=timezone.get_default_timezone()),
            )
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {_group_key(row): row["n"] for row in rows}

    def places_by_cohort(self) -> dict[int, list[PlaceGroup]]:
        """The groups by class, classes in start order."""
        by_cohort: dict[int, list[PlaceGroup]] = defaultdict(list)
        for group in self.places:
            by_cohort[group.cohort_id].append(group)
        return {pk: by_cohort[pk] for pk in self.cohorts if pk in by_cohort}

    def _lessons_total(self) -> Case:
        """Each place's course's number of live lessons, chosen by its class (a course with
        none is never finished by lessons)."""
        totals = self.curriculum.lessons_per_course()
        by_course: dict[int, list[int]] = defaultdict(list)
        for cohort in self.cohorts.values():
            by_course[cohort.course_id].append(cohort.id)
        return Case(
            *(
                When(cohort_id__in=ids, then=Value(totals.get(course) or NEVER))
                for course, ids in by_course.items()
            ),
            default=Value(NEVER),
            output_field=IntegerField(),
        )


GROUP_FIELDS = ("cohort_id", "tier", "source", "status")


def _group_key(row: dict) -> tuple:
    return (*(row[name] for name in GROUP_FIELDS), row["day"])
