"""The "Satisfaction per class" table: one row per class that has a figure, one column per
registered ``insight.dashboard.satisfaction`` column (one query each), plus one query for the
classes' names."""

from __future__ import annotations

from courses.models import Cohort
from insight.dashboard.period import Period
from insight.dashboard.satisfaction import satisfaction_columns
from insight.dashboard.tables import Chart, Column, Table


def satisfaction_by_class(*, period: Period) -> Table:
    columns = satisfaction_columns()
    values = {column.key: column.values(period=period) for column in columns}
    cohort_ids = set().union(*(set(v) for v in values.values())) if values else set()
    cohorts = Cohort.objects.filter(pk__in=cohort_ids).order_by("start_date", "pk")
    rows = [
        {
            "cohort_id": cohort.pk,
            "cohort": cohort.name,
            **{key: per_cohort.get(cohort.pk) for key, per_cohort in values.items()},
        }
        for cohort in cohorts.only("pk", "name", "start_date")
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
