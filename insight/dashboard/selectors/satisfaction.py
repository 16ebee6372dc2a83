"""The "Satisfaction per class" table: one row per class that has a figure, one column per
registered ``insight.dashboard.satisfaction`` column (one query each); the classes' names
and order come from ``DashboardFacts.cohorts``."""

from __future__ import annotations

from insight.dashboard.satisfaction import satisfaction_columns
from insight.dashboard.selectors.facts import DashboardFacts
from insight.dashboard.tables import Chart, Column, Table


def satisfaction_by_class(*, facts: DashboardFacts) -> Table:
    columns = satisfaction_columns()
    values = {column.key: column.values(period=facts.period) for column in columns}
    cohort_ids = set().union(*(set(v) for v in values.values())) if values else set()
    rows = [
        {
            "cohort_id": cohort.id,
            "cohort": cohort.name,
            **{key: per_cohort.get(cohort.id) for key, per_cohort in values.items()},
        }
        for cohort in facts.cohorts.values()
        if cohort.id in cohort_ids
    ]
    averages = tuple(c.key for c in columns if c.kind == "average")
    return Table(
        key="satisfaction_by_class",
        title="Satisfaction per class",
        description="How students rated the lessons of each class.",
        columns=[
            Column("cohort", "Class", "text"),
            *(Column(c.key, c.label, c.kind) for c in columns),
        ],
        rows=rows,
        chart=Chart("bar", "cohort", averages, horizontal=True) if averages else None,
        empty="No ratings in this period.",
    )
