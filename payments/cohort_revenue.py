"""What each class brought in, as a column of the admin's class listing.

Registered into ``courses.cohort_admin_columns`` from ``PaymentsConfig.ready()`` because
money is payments' business and ``courses`` never imports it. Net revenue is what buyers paid
less what was refunded, over every order for the class (individual seats and team pools
alike), summed in the database: one subquery, whatever the number of orders.
"""

from datetime import datetime

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from wagtail.admin.ui.tables import Column

from payments.models import Order
from payments.money import DEFAULT_CURRENCY, money_format


def orders_paid() -> QuerySet[Order]:
    """Orders money came in for (a refunded one too: it was paid, then given back)."""
    return Order.objects.filter(amount_paid__gt=0)


def revenue_figures(*, where: Q | None = None) -> dict[str, Sum]:
    """Aggregates of orders: ``gross`` (paid), ``refunded`` and ``net`` (paid less refunded),
    in the smallest currency unit, over the orders ``where`` keeps (all when None). The one
    definition of revenue the class listing and the analytics dashboard both read."""
    return {
        "gross": Sum("amount_paid", filter=where),
        "refunded": Sum("amount_refunded", filter=where),
        "net": Sum(F("amount_paid") - F("amount_refunded"), filter=where),
    }


def cohorts_with_revenue(queryset: QuerySet, now: datetime) -> QuerySet:
    """Annotate ``revenue_net`` (smallest currency unit) and ``revenue_currency``.

    A class sells in one currency (its price's), so the currency of its latest paid order
    names the sum; a class with no payment yet shows zero in the default currency.
    """
    orders = orders_paid().filter(cohort=OuterRef("pk"))
    net = orders.values("cohort").annotate(n=revenue_figures()["net"]).values("n")
    currency = orders.order_by("-created_at").values("currency")[:1]
    return queryset.annotate(
        revenue_net=Coalesce(Subquery(net, output_field=IntegerField()), 0),
        revenue_currency=Subquery(currency),
    )


def cohort_revenue_display(cohort) -> str:
    return money_format(cohort.revenue_net, cohort.revenue_currency or DEFAULT_CURRENCY)


def cohort_revenue_column_register() -> None:
    from courses.cohort_admin_columns import cohort_admin_column_register

    cohort_admin_column_register(
        name="payments.revenue",
        columns=[Column("revenue", label="Revenue (net)", accessor=cohort_revenue_display)],
        annotate=cohorts_with_revenue,
        order=50,
    )
