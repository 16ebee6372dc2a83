"""Enrollments per class and tier, over time, and teams against individuals.

An enrollment counts in the class it is in: a student who moved to another class counts
there (their old place, ``transferred``, is left out), and a refunded place still counts as an
enrollment (the refund shows in the revenue). All three add up ``DashboardFacts.places``, the
one grouped read of the enrollments; the teams count is one more GROUP BY.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count

from courses.models import EnrollmentSource, EnrollmentStatus, EnrollmentTier
from insight.dashboard.selectors.facts import DashboardFacts
from insight.dashboard.tables import Chart, Column, Table
from payments.models import Team

TIER_COLUMNS = [Column(tier.value, tier.label) for tier in EnrollmentTier]


def _tier_row() -> dict[str, int]:
    return {tier.value: 0 for tier in EnrollmentTier} | {"total": 0}


def enrollments_by_class(*, facts: DashboardFacts) -> Table:
    rows = []
    for cohort_id, groups in facts.places_by_cohort().items():
        row = {"cohort_id": cohort_id, "cohort": facts.cohorts[cohort_id].name}
        row |= _tier_row() | {"refunded": 0}
        for group in groups:
            row[group.tier] += group.places
            row["total"] += group.places
            if group.status == EnrollmentStatus.REFUNDED:
                row["refunded"] += group.places
        rows.append(row)
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


def _bucket(day: date, *, weekly: bool) -> date:
    """The week (from Monday) or the month a day falls in."""
    return day - timedelta(days=day.weekday()) if weekly else day.replace(day=1)


def enrollments_over_time(*, facts: DashboardFacts) -> Table:
    weekly = facts.period.weekly
    buckets: dict[date, dict[str, int]] = defaultdict(_tier_row)
    for group in facts.places:
        bucket = buckets[_bucket(group.day, weekly=weekly)]
        bucket[group.tier] += group.places
        bucket["total"] += group.places
    rows = [
        {"period": f"Week of {day:%d %b %Y}" if weekly else f"{day:%b %Y}", **counts}
        for day, counts in sorted(buckets.items())
    ]
    return Table(
        key="enrollments_over_time",
        title=f"Enrollments per {'week' if weekly else 'month'} and tier",
        description="When students enrolled, by tier (all classes).",
        columns=[Column("period", "Period", "text"), *TIER_COLUMNS, Column("total", "Total")],
        rows=rows,
        chart=Chart("line", "period", (*(t.value for t in EnrollmentTier), "total")),
    )


SOURCE_KEYS = {
    EnrollmentSource.ORDER: "individual",
    EnrollmentSource.TEAM_SEAT: "team_seat",
    EnrollmentSource.STAFF: "staff",
}


def teams_against_individuals(*, facts: DashboardFacts) -> Table:
    """Per class: places bought by individuals, seats of team pools, places staff added,
    and how many teams bought for the class within the period."""
    teams = dict(
        Team.objects.filter(facts.period.where("created_at"))
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
        .order_by()
    )
    rows = []
    for cohort_id, groups in facts.places_by_cohort().items():
        row = {"cohort_id": cohort_id, "cohort": facts.cohorts[cohort_id].name}
        row |= dict.fromkeys(SOURCE_KEYS.values(), 0) | {"teams": teams.get(cohort_id, 0)}
        for group in groups:
            if group.source in SOURCE_KEYS:
                row[SOURCE_KEYS[group.source]] += group.places
        rows.append(row)
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
