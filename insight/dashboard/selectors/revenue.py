"""Revenue gross, refunded and net per class, per tier and per discount code.

The sums are ``payments.cohort_revenue.revenue_figures`` (the class listing's definition of
revenue) over ``orders_paid()``, grouped in the database; the period applies to when an
order was paid. A discount code's row also says what it cost: the discount it gave.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from insight.dashboard.period import Period
from insight.dashboard.tables import Chart, Column, Table
from payments.cohort_revenue import orders_paid, revenue_figures
from payments.models import Order

MONEY_COLUMNS = [
    Column("orders", "Orders"),
    Column("gross", "Gross", "money"),
    Column("refunded", "Refunded", "money"),
    Column("net", "Net", "money"),
]
CURRENCY = Column("currency", "Currency", "text")
MONEY_CHART = ("gross", "refunded", "net")


def class_orders_paid(period: Period) -> QuerySet[Order]:
    return orders_paid().filter(cohort__isnull=False).filter(period.where("paid_at"))


def _upper_currency(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["currency"] = (row["currency"] or "").upper()
    return rows


def revenue_by_class(*, period: Period) -> Table:
    rows = list(
        class_orders_paid(period)
        .values("cohort_id", "cohort__name", "cohort__start_date", "currency")
        .annotate(orders=Count("pk"), **revenue_figures())
        .order_by("cohort__start_date", "cohort_id", "currency")
    )
    for row in rows:
        row["cohort"] = row["cohort__name"]
    return Table(
        key="revenue_by_class",
        title="Revenue per class",
        description="What buyers paid for each class, what went back in refunds, and the rest.",
        columns=[Column("cohort", "Class", "text"), CURRENCY, *MONEY_COLUMNS],
        rows=_upper_currency(rows),
        chart=Chart("bar", "cohort", MONEY_CHART),
    )


def revenue_by_tier(*, period: Period) -> Table:
    from courses.models import EnrollmentTier

    labels = dict(EnrollmentTier.choices)
    rows = list(
        class_orders_paid(period)
        .values("tier", "currency")
        .annotate(orders=Count("pk"), **revenue_figures())
        .order_by("tier", "currency")
    )
    for row in rows:
        row["tier_label"] = labels.get(row["tier"], row["tier"])
    return Table(
        key="revenue_by_tier",
        title="Revenue per tier",
        description="Standard against executive places, all classes.",
        columns=[Column("tier_label", "Tier", "text"), CURRENCY, *MONEY_COLUMNS],
        rows=_upper_currency(rows),
        chart=Chart("bar", "tier_label", MONEY_CHART),
    )


def revenue_by_discount_code(*, period: Period) -> Table:
    rows = list(
        orders_paid()
        .filter(period.where("paid_at"), discount_code__isnull=False)
        .values("discount_code__code", "currency")
        .annotate(orders=Count("pk"), discount_given=Sum("discount_amount"), **revenue_figures())
        .order_by("discount_code__code", "currency")
    )
    for row in rows:
        row["code"] = row["discount_code__code"]
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
        rows=_upper_currency(rows),
        chart=Chart("bar", "code", ("net", "discount_given")),
    )
