"""Enrollments per class and tier, over time, and teams against individuals.

An enrollment counts in the class it is in: a student who moved to another class counts
there (their old place, ``transferred``, is left out), and a refunded place still counts as an
enrollment (the refund shows in the revenue). One GROUP BY query per table.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth, TruncWeek

from courses.models import Enrollment, EnrollmentSource, EnrollmentStatus, EnrollmentTier
from insight.dashboard.period import Period
from insight.dashboard.tables import Chart, Column, Table
from payments.models import Team


def enrollments_in(period: Period) -> QuerySet[Enrollment]:
    """The enrollments the dashboard counts: made within ``period``, not moved away."""
    return Enrollment.objects.filter(period.where("created_at")).exclude(
        status=EnrollmentStatus.TRANSFERRED
    )


def _by_tier() -> dict[str, Count]:
    return {tier.value: Count("pk", filter=Q(tier=tier.value)) for tier in EnrollmentTier} | {
        "total": Count("pk")
    }


TIER_COLUMNS = [Column(tier.value, tier.label) for tier in EnrollmentTier]


def enrollments_by_class(*, period: Period) -> Table:
    rows = list(
        enrollments_in(period)
        .values("cohort_id", "cohort__name", "cohort__start_date")
        .annotate(**_by_tier(), refunded=Count("pk", filter=Q(status=EnrollmentStatus.REFUNDED)))
        .order_by("cohort__start_date", "cohort_id")
    )
    for row in rows:
        row["cohort"] = row["cohort__name"]
    return Table(
        key="enrollments_by_class",
        title="Enrollments per class and tier",
        description="Places taken in each class, by tier; refunded places included.",
        columns=[
            Column("cohort", "Class", "text"),
            *TIER_COLUMNS,
            Column("total", "Total"),
            Column("refunded", "Of which refunded"),
        ],
        rows=rows,
        chart=Chart("bar", "cohort", tuple(t.value for t in EnrollmentTier), stacked=True),
    )


def enrollments_over_time(*, period: Period) -> Table:
    trunc = TruncWeek if period.weekly else TruncMonth
    rows = list(
        enrollments_in(period)
        .annotate(bucket=trunc("created_at"))
        .values("bucket")
        .annotate(**_by_tier())
        .order_by("bucket")
    )
    for row in rows:
        row["period"] = (
            f"Week of {row['bucket']:%d %b %Y}" if period.weekly else f"{row['bucket']:%b %Y}"
        )
    return Table(
        key="enrollments_over_time",
        title=f"Enrollments per {'week' if period.weekly else 'month'} and tier",
        description="When students enrolled, by tier (all classes).",
        columns=[Column("period", "Period", "text"), *TIER_COLUMNS, Column("total", "Total")],
        rows=rows,
        chart=Chart("line", "period", (*(t.value for t in EnrollmentTier), "total")),
    )


def teams_against_individuals(*, period: Period) -> Table:
    """Per class: places bought by individuals, seats of team pools, places staff added,
    and how many teams bought for the class (a subquery per class row)."""
    teams = (
        Team.objects.filter(cohort=OuterRef("cohort_id"))
        .filter(period.where("created_at"))
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = list(
        enrollments_in(period)
        .values("cohort_id", "cohort__name", "cohort__start_date")
        .annotate(
            individual=Count("pk", filter=Q(source=EnrollmentSource.ORDER)),
            team_seat=Count("pk", filter=Q(source=EnrollmentSource.TEAM_SEAT)),
            staff=Count("pk", filter=Q(source=EnrollmentSource.STAFF)),
            teams=Coalesce(Subquery(teams), 0),
        )
        .order_by("cohort__start_date", "cohort_id")
    )
    for row in rows:
        row["cohort"] = row["cohort__name"]
    return Table(
        key="teams_vs_individuals",
        title="Teams against individuals",
        description="Who took the places of each class: individual buyers, team seats, staff.",
        columns=[
            Column("cohort", "Class", "text"),
            Column("individual", "Individuals"),
            Column("team_seat", "Team seats"),
            Column("staff", "Added by staff"),
            Column("teams", "Teams"),
        ],
        rows=rows,
        chart=Chart("bar", "cohort", ("individual", "team_seat", "staff"), stacked=True),
    )
