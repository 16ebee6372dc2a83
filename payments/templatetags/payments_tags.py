"""Template helpers of the payments app.

``{{ amount|money:currency }}`` formats integer minor units. ``{% cohort_buy cohort %}`` shows
a class's prices per tier with a "Buy" link, or "Join the waitlist" when the class is full.
Passing the page's list of cohorts (``{% cohort_buy cohort cohorts %}``) loads every cohort's
prices in one query for the whole list instead of one query per cohort.

The course page belongs to ``courses``, which does not load these tags: it renders the panels
registered in ``courses.cohort_panels``, and ``PaymentsConfig.ready()`` registers
``cohort_buy_panel`` there, which renders the same block as ``{% cohort_buy %}``.
"""

from collections.abc import Sequence

from django import template
from django.template import Context
from django.utils import timezone
from django.utils.safestring import SafeString

from courses.models import Cohort
from payments.models import GROUP_MIN_SEATS, MAX_SEATS_PER_ORDER
from payments.money import money_format
from payments.selectors import cohort_prices

register = template.Library()

_PRICES_KEY = "payments_cohort_prices"
COHORT_BUY_TEMPLATE = "payments/includes/cohort_buy.html"


@register.filter
def money(amount, currency="usd") -> str:
    if amount in (None, ""):
        return ""
    return money_format(int(amount), currency)


def _cohort_buy_values(context: Context, cohort: Cohort, cohorts: Sequence[Cohort]) -> dict:
    prices = getattr(cohort, "price_list", None)
    if prices is None:
        cache = context.render_context.setdefault(_PRICES_KEY, {})
        if cohort.pk not in cache:
            cache.update(cohort_prices(cohorts=[*list(cohorts or []), cohort]))
        prices = cache[cohort.pk]
    return {
        "cohort": cohort,
        "prices": prices,
        "request": context.get("request"),
        "user": context.get("user"),
        "group_min_seats": GROUP_MIN_SEATS,
        "max_seats": MAX_SEATS_PER_ORDER,
        "csrf_token": context.get("csrf_token"),
        "now": timezone.now(),
    }


@register.inclusion_tag(COHORT_BUY_TEMPLATE, takes_context=True)
def cohort_buy(context, cohort, cohorts=None) -> dict:
    return _cohort_buy_values(context, cohort, cohorts or [])


def cohort_buy_panel(*, context: Context, cohort: Cohort, cohorts: Sequence[Cohort]) -> SafeString:
    """The course page's panel under an upcoming class (``courses.cohort_panels``)."""
    block = context.template.engine.get_template(COHORT_BUY_TEMPLATE)
    return block.render(context.new(_cohort_buy_values(context, cohort, cohorts)))
