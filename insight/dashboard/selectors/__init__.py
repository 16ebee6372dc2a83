"""Every figure of the analytics dashboard, each a ``tables.Table`` aggregated in the
database. ``dashboard_tables`` runs a fixed number of queries whatever the number of
enrollments, orders, progress rows or ratings (tests/insight/test_dashboard_queries.py);
``dashboard_table`` computes one table alone (a CSV export).
"""

from __future__ import annotations

from collections.abc import Callable

from insight.dashboard.period import Period
from insight.dashboard.selectors.curriculum import Curriculum, curriculum_load
from insight.dashboard.selectors.enrollments import (
    enrollments_by_class,
    enrollments_over_time,
    teams_against_individuals,
)
from insight.dashboard.selectors.funnel import class_funnel, lesson_completion
from insight.dashboard.selectors.revenue import (
    revenue_by_class,
    revenue_by_discount_code,
    revenue_by_tier,
)
from insight.dashboard.selectors.satisfaction import satisfaction_by_class
from insight.dashboard.selectors.waitlist import waitlist_demand
from insight.dashboard.tables import Table


def _with_curriculum(build: Callable[..., Table]) -> Callable[..., Table]:
    def table(*, period: Period, curriculum: Curriculum | None = None) -> Table:
        return build(period=period, curriculum=curriculum or curriculum_load())

    return table


def _plain(build: Callable[..., Table]) -> Callable[..., Table]:
    def table(*, period: Period, curriculum: Curriculum | None = None) -> Table:
        return build(period=period)

    return table


#: The tables in page order, by key (the key names the CSV export and the API's entry).
TABLES: dict[str, Callable[..., Table]] = {
    "enrollments_by_class": _plain(enrollments_by_class),
    "enrollments_over_time": _plain(enrollments_over_time),
    "revenue_by_class": _plain(revenue_by_class),
    "revenue_by_tier": _plain(revenue_by_tier),
    "revenue_by_discount_code": _plain(revenue_by_discount_code),
    "teams_vs_individuals": _plain(teams_against_individuals),
    "funnel_by_class": _with_curriculum(class_funnel),
    "lessons": _with_curriculum(lesson_completion),
    "satisfaction_by_class": _plain(satisfaction_by_class),
    "waitlist_demand": _plain(waitlist_demand),
}


def dashboard_tables(*, period: Period) -> list[Table]:
    curriculum = curriculum_load()
    return [build(period=period, curriculum=curriculum) for build in TABLES.values()]


def dashboard_table(*, key: str, period: Period) -> Table:
    """One table by key; ``KeyError`` for an unknown key."""
    return TABLES[key](period=period)
