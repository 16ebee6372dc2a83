"""Every amount a buyer pays is computed here, on the server, from what they name: a class, a
tier, a number of seats and perhaps a discount code, in integer cents. Nothing the client sends
is ever a price.

    list price per seat (CohortPrice)
    - group band percent, when the team's seat count reaches GROUP_MIN_SEATS
    = unit price, x seats = subtotal
    - discount (a percent of the subtotal, or an amount, never more than the subtotal)
    = total (before any tax Stripe adds)

Workshop tickets (``workshop_price_quote``) are the workshop's price x tickets, minus the
same discount; the quote names the workshop instead of a class.

Rounding is half-up to whole minor units, once per step, in integers.
"""

from dataclasses import dataclass

from django.db.models import Q

from courses.models import Cohort, EnrollmentTier
from payments.errors import CheckoutRefused
from payments.models import (
    GROUP_MIN_SEATS,
    MAX_SEATS_PER_ORDER,
    CohortPrice,
    DiscountCode,
    GroupPriceBand,
    WorkshopPage,
)
from payments.money import money_format, percent_of


@dataclass(frozen=True)
class Quote:
    cohort: Cohort | None
    tier: str
    seats: int
    currency: str
    list_unit_amount: int
    group_percent_off: int
    unit_amount: int
    subtotal_amount: int
    discount_code: DiscountCode | None
    discount_amount: int
    workshop: WorkshopPage | None = None

    @property
    def total_amount(self) -> int:
        return self.subtotal_amount - self.discount_amount

    @property
    def tier_label(self) -> str:
        return EnrollmentTier(self.tier).label

    def money(self, amount: int) -> str:
        return money_format(amount, self.currency)


def group_band_for(*, seats: int) -> GroupPriceBand | None:
    if seats < GROUP_MIN_SEATS:
        return None
    return (
        GroupPriceBand.objects.filter(min_seats__lte=seats)
        .filter(Q(max_seats__isnull=True) | Q(max_seats__gte=seats))
        .order_by("-min_seats")
        .first()
    )


def discount_amount_for(*, code: DiscountCode | None, subtotal: int) -> int:
    if code is None:
        return 0
    if code.percent_off is not None:
        return min(percent_of(subtotal, code.percent_off), subtotal)
    return min(code.amount_off or 0, subtotal)


def cohort_price_get(*, cohort: Cohort, tier: str) -> CohortPrice:
    if tier not in EnrollmentTier.values:
        raise CheckoutRefused(f"Choose a tier: {', '.join(EnrollmentTier.labels)}.", field="tier")
    price = CohortPrice.objects.filter(cohort=cohort, tier=tier).first()
    if price is None:
        raise CheckoutRefused(
            f"The {EnrollmentTier(tier).label} option is not on sale for {cohort.name}.",
            field="tier",
        )
    return price


def price_quote(
    *,
    cohort: Cohort,
    tier: str,
    seats: int,
    code: DiscountCode | None = None,
    seats_already_owned: int = 0,
) -> Quote:
    """What ``seats`` seats cost. ``seats_already_owned``: a team buying more seats later gets
    the band of its new total."""
    if not 1 <= seats <= MAX_SEATS_PER_ORDER:
        raise CheckoutRefused(f"Choose between 1 and {MAX_SEATS_PER_ORDER} seats.", field="seats")
    price = cohort_price_get(cohort=cohort, tier=tier)
    band = group_band_for(seats=seats_already_owned + seats)
    percent = band.percent_off if band else 0
    unit = price.unit_amount - percent_of(price.unit_amount, percent)
    subtotal = unit * seats
    return Quote(
        cohort=cohort,
        tier=tier,
        seats=seats,
        currency=price.currency,
        list_unit_amount=price.unit_amount,
        group_percent_off=percent,
        unit_amount=unit,
        subtotal_amount=subtotal,
        discount_code=code,
        discount_amount=discount_amount_for(code=code, subtotal=subtotal),
    )


MAX_TICKETS_PER_ORDER = 10


def workshop_price_quote(
    *, workshop: WorkshopPage, tickets: int, code: DiscountCode | None = None
) -> Quote:
    """What ``tickets`` tickets to ``workshop`` cost (no group pricing for tickets)."""
    if not 1 <= tickets <= MAX_TICKETS_PER_ORDER:
        raise CheckoutRefused(
            f"Choose between 1 and {MAX_TICKETS_PER_ORDER} tickets.", field="tickets"
        )
    subtotal = workshop.unit_amount * tickets
    return Quote(
        cohort=None,
        tier=EnrollmentTier.STANDARD,
        seats=tickets,
        currency=workshop.currency,
        list_unit_amount=workshop.unit_amount,
        group_percent_off=0,
        unit_amount=workshop.unit_amount,
        subtotal_amount=subtotal,
        discount_code=code,
        discount_amount=discount_amount_for(code=code, subtotal=subtotal),
        workshop=workshop,
    )
