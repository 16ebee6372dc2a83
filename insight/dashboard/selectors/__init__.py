"""Every figure of the analytics dashboard, each a ``tables.Table`` aggregated in the
database. ``dashboard_tables`` runs a fixed number of queries whatever the number of
enrollments, orders, progress rows or ratings (tests/insight/test_dashboard_queries.py), the
reads several tables share made once (``facts.DashboardFacts``); ``dashboard_table`` computes
one table alone (a CSV export).
"""

from __future__ import annotations

from collections.abc import Callable

from insight.dashboard.period import Period
from insight.dashboard.selectors.enrollments import (
    enrollments_by_class,
    enrollments_over_time,
    teams_against_individuals,
)
from insight.dashboard.selectors.facts import DashboardFacts
from insight.dashboard.selectors.funnel import class_funnel, lesson_completion
from insight.dashboard.selectors.revenue import (
    revenue_by_class,
    revenue_by_discount_code,
    revenue_by_tier,
)
from insight.dashboard.selectors.satisfaction import satisfaction_by_class
from insight.dashboard.selectors.waitlist import waitlist_demand
from insight.dashboard.tables import Table


def _of_period(build: Callable[..., Table]) -> Callable[[DashboardFacts], Table]:
    """A table counted from the period alone (orders, ratings, the waitlist)."""

    def table(facts: DashboardFacts) -> Table:
        return build(period=facts.period)

    return table


def _of_facts(build: Callable[..., Table]) -> Callable[[DashboardFacts], Table]:
    """A table added up from the shared reads (``DashboardFacts``)."""

    def table(facts: DashboardFacts) -> Table:
        return build(facts=facts)

    return table


#: The tables in page order, by key (the key names the CSV export and the API's entry).
TABLES: dict[str, Callable[[DashboardFacts], Table]] = {
    "enrollments_by_class": _of_facts(enrollments_by_class),
    "enrollments_over_time": _of_facts(enrollments_over_time),
    "revenue_by_class": _of_facts(revenue_by_class),
    "revenue_by_tier": _of_facts(revenue_by_tier),
    "revenue_by_discount_code": _of_facts(revenue_by_discount_code),
    "teams_vs_individuals": _of_facts(teams_against_individuals),
    "funnel_by_class": _of_facts(class_funnel),
    "lessons": _of_facts(lesson_completion),
    "satisfaction_by_class": _of_facts(satisfaction_by_class),
    "waitlist_demand": _of_period(waitlist_demand),
}


def dashboard_tables(*, period: Period) -> list[Table]:
    facts = DashboardFacts(period=period)
    return [build(facts) for build in TABLES.values()]


def dashboard_table(*, key: str, period: Period) -> Table:
    """One table by key; ``KeyError`` for an unknown key."""
    return TABLES[key](DashboardFacts(period=period))
