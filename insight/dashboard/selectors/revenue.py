"""Revenue gross, refunded and net per class, per tier and per discount code.

The sums are ``payments.cohort_revenue.revenue_figures`` (the class listing's definition of
revenue) over ``orders_paid()``; the period applies to when an order was paid. One GROUP BY
(class, tier, code, currency) reads the period's paid orders (``DashboardFacts.orders``, a
few hundred groups whatever the number of orders) and each table adds its groups up. A discount
code's row also says what it cost: the discount it gave.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from insight.dashboard.selectors.facts import SUMS, DashboardFacts, OrderGroup
from insight.dashboard.tables import Chart, Column, Table

MONEY_COLUMNS = [
    Column("orders", "Orders"),
    Column("gross", "Gross", "money"),
    Column("refunded", "Refunded", "money"),
    Column("net", "Net", "money"),
]
CURRENCY = Column("currency", "Currency", "text")
MONEY_CHART = ("gross", "refunded", "net")


def _added_up(
    groups: Iterable[OrderGroup], key: Callable[[OrderGroup], tuple]
) -> dict[tuple, dict[str, int]]:
    """Sums per ``key(group) + (currency,)``, keys sorted."""
    totals: dict[tuple, dict[str, int]] = {}
    for group in groups:
        sums = totals.setdefault((*key(group), group.currency), dict.fromkeys(SUMS, 0))
        for name in SUMS:
            sums[name] += group.sums[name]
    return dict(sorted(totals.items(), key=lambda item: tuple(str(k) for k in item[0])))


def revenue_by_class(*, facts: DashboardFacts) -> Table:
    order = {pk: n for n, pk in enumerate(facts.cohorts)}  # classes in start order
    totals = _added_up(
        (g for g in facts.orders if g.cohort_id is not None), lambda g: (g.cohort_id,)
    )
    rows = [
        {"cohort_id": cohort_id, "cohort": facts.cohorts[cohort_id].name, "currency": currency}
        | sums
        for (cohort_id, currency), sums in sorted(
            totals.items(), key=lambda item: (order[item[0][0]], item[0][1])
        )
    ]
    return Table(
        key="revenue_by_class",
        title="Revenue per class",
        description="What buyers paid for each class, what went back in refunds, and the rest.",
        columns=[Column("cohort", "Class", "text"), CURRENCY, *MONEY_COLUMNS],
        rows=rows,
        chart=Chart("bar", "cohort", MONEY_CHART),
    )


def revenue_by_tier(*, facts: DashboardFacts) -> Table:
    from courses.models import EnrollmentTier

    labels = dict(EnrollmentTier.choices)
    totals = _added_up((g for g in facts.orders if g.cohort_id is not None), lambda g: (g.tier,))
    rows = [
        {"tier": tier, "tier_label": labels.get(tier, tier), "currency": currency} | sums
        for (tier, currency), sums in totals.items()
    ]
    return Table(
        key="revenue_by_tier",
        title="Revenue per tier",
        description="Standard against executive places, all classes.",
        columns=[Column("tier_label", "Tier", "text"), CURRENCY, *MONEY_COLUMNS],
        rows=rows,
        chart=Chart("bar", "tier_label", MONEY_CHART),
    )


def revenue_by_discount_code(*, facts: DashboardFacts) -> Table:
    totals = _added_up((g for g in facts.orders if g.code is not None), lambda g: (g.code,))
    rows = [
        {"code": code, "currency": currency} | sums for (code, currency), sums in totals.items()
    ]
    return Table(
        key="revenue_by_discount_code",
        title="Discount codes: what they brought in and what they cost",
        description="Paid orders that used each code: revenue, and the discount it gave.",
        columns=[
            Column("code", "Code", "text"),
            CURRENCY,
            *MONEY_COLUMNS,
            Column("discount_given", "Discount given", "money"),
        ],
        rows=rows,
        chart=Chart("bar", "code", ("net", "discount_given")),
    )
