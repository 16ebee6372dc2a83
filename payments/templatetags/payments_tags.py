"""Template helpers of the payments app.

``{{ amount|money:currency }}`` formats integer minor units. ``{% cohort_buy cohort %}`` shows
a class's prices per tier with a "Buy" link, or "Join the waitlist" when the class is full;
the course page shows it for each upcoming class. Passing the page's list of cohorts
(``{% cohort_buy cohort view.upcoming_cohorts %}``) loads every cohort's prices in one query
for the whole list instead of one query per cohort.
"""

from django import template
from django.utils import timezone

from payments.models import GROUP_MIN_SEATS, MAX_SEATS_PER_ORDER
from payments.money import money_format
from payments.selectors import cohort_prices

register = template.Library()

_PRICES_KEY = "payments_cohort_prices"


@register.filter
def money(amount, currency="usd") -> str:
    if amount in (None, ""):
        return ""
    return money_format(int(amount), currency)


@register.inclusion_tag("payments/includes/cohort_buy.html", takes_context=True)
def cohort_buy(context, cohort, cohorts=None) -> dict:
    prices = getattr(cohort, "price_list", None)
    if prices is None:
        cache = context.render_context.setdefault(_PRICES_KEY, {})
        if cohort.pk not in cache:
            cache.update(cohort_prices(cohorts=[*list(cohorts or []), cohort]))
        prices = cache[cohort.pk]
    request = context.get("request")
    return {
        "cohort": cohort,
        "prices": prices,
        "request": request,
        "user": context.get("user"),
        "group_min_seats": GROUP_MIN_SEATS,
        "max_seats": MAX_SEATS_PER_ORDER,
        "csrf_token": context.get("csrf_token"),
        "now": timezone.now(),
    }
