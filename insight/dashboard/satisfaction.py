"""Extension point: the columns of the dashboard's "Satisfaction per class" table.

Each column is a function of the period returning ``{cohort_id: value}`` in one query, so
the table costs one query per column whatever the number of classes or answers. The lesson
ratings register theirs here (``satisfaction_ratings_register``); a survey app adds its NPS
per class the same way, from its ``AppConfig.ready()``, without this module knowing it::

    satisfaction_column_register(
        name="nps", label="NPS", kind="number", values=lambda *, period: ..., order=30
    )
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Avg, Count, FloatField

from engine.registry import OrderedRegistry
from insight.dashboard.period import Period

Values = Callable[..., dict[int, float | int | None]]


@dataclass(frozen=True)
class SatisfactionColumn:
    key: str
    label: str
    kind: str  # a tables.Column kind: "number", "average", "percent"
    values: Values  # values(*, period) -> {cohort_id: value}


_registry: OrderedRegistry[SatisfactionColumn] = OrderedRegistry()


def satisfaction_column_register(
    *, name: str, label: str, values: Values, kind: str = "number", order: int = 50
) -> None:
    """Add a column ``label`` read from ``values(period=...)``; registering ``name`` again
    replaces it. Columns show by ``order``, then name."""
    _registry.register(
        name=name,
        item=SatisfactionColumn(key=name, label=label, kind=kind, values=values),
        order=order,
    )


def satisfaction_columns() -> list[SatisfactionColumn]:
    return _registry.items()


def ratings_count_per_cohort(*, period: Period) -> dict[int, int]:
    from insight.feedback.models import LessonRating

    return dict(
        LessonRating.objects.filter(period.where("updated_at"), cohort__isnull=False)
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
    )


def ratings_average_per_cohort(*, period: Period) -> dict[int, float]:
    from insight.feedback.models import LessonRating

    return {
        cohort_id: round(average, 2)
        for cohort_id, average in LessonRating.objects.filter(
            period.where("updated_at"), cohort__isnull=False
        )
        .values("cohort_id")
        .annotate(a=Avg("score", output_field=FloatField()))
        .values_list("cohort_id", "a")
    }


def satisfaction_ratings_register() -> None:
    satisfaction_column_register(
        name="ratings", label="Lesson ratings", values=ratings_count_per_cohort, order=10
    )
    satisfaction_column_register(
        name="average_rating",
        label="Average rating (1-5)",
        values=ratings_average_per_cohort,
        kind="average",
        order=20,
    )
