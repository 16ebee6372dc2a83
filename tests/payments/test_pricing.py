"""Every amount is computed on the server: list price, group band, discount, total."""

import pytest

from courses.models import EnrollmentTier
from payments.errors import CheckoutRefused
from payments.models import GroupPriceBand
from payments.pricing import price_quote
from tests.factories import DiscountCodeFactory

pytestmark = pytest.mark.django_db


def test_one_standard_seat_costs_the_list_price(cohort):
    quote = price_quote(cohort=cohort, tier=EnrollmentTier.STANDARD, seats=1)
    assert (quote.unit_amount, quote.subtotal_amount, quote.total_amount) == (
        150_000,
        150_000,
        150_000,
    )
    assert quote.currency == "usd"
    assert quote.group_percent_off == 0


def test_four_seats_pay_full_price_and_five_get_the_first_band(cohort, bands):
    four = price_quote(cohort=cohort, tier=EnrollmentTier.EXECUTIVE, seats=4)
    five = price_quote(cohort=cohort, tier=EnrollmentTier.EXECUTIVE, seats=5)
    assert four.unit_amount == 250_000
    assert (five.group_percent_off, five.unit_amount, five.subtotal_amount) == (
        10,
        225_000,
        1_125_000,
    )


@pytest.mark.parametrize(("seats", "percent"), [(9, 10), (10, 15), (19, 15), (20, 20), (150, 20)])
def test_each_band_applies_to_its_seat_counts(cohort, bands, seats, percent):
    quote = price_quote(cohort=cohort, tier=EnrollmentTier.STANDARD, seats=seats)
    assert quote.group_percent_off == percent
    assert quote.unit_amount == 150_000 * (100 - percent) // 100


def test_a_team_buying_more_seats_pays_the_band_of_its_new_total(cohort, bands):
    quote = price_quote(cohort=cohort, tier=EnrollmentTier.STANDARD, seats=2, seats_already_owned=8)
    assert quote.group_percent_off == 15  # 10 seats in all


def test_percent_codes_round_half_up_and_amount_codes_never_exceed_the_subtotal(cohort):
    cohort.prices.filter(tier=EnrollmentTier.STANDARD).update(unit_amount=999)
    percent = DiscountCodeFactory(amount_off=None, percent_off=15)
    quote = price_quote(cohort=cohort, tier=EnrollmentTier.STANDARD, seats=1, code=percent)
    assert quote.discount_amount == 150  # 149.85 rounds half-up to 150
    big = DiscountCodeFactory(amount_off=5_000)
    quote = price_quote(cohort=cohort, tier=EnrollmentTier.STANDARD, seats=1, code=big)
    assert (quote.discount_amount, quote.total_amount) == (999, 0)


def test_a_tier_without_a_price_is_refused_with_a_message(cohort):
    cohort.prices.filter(tier=EnrollmentTier.EXECUTIVE).delete()
    with pytest.raises(CheckoutRefused, match="Executive option is not on sale"):
        price_quote(cohort=cohort, tier=EnrollmentTier.EXECUTIVE, seats=1)


def test_seat_counts_outside_the_allowed_range_are_refused(cohort):
    with pytest.raises(CheckoutRefused, match="between 1 and 200"):
        price_quote(cohort=cohort, tier=EnrollmentTier.STANDARD, seats=0)


def test_overlapping_bands_are_refused_by_the_model(bands):
    band = GroupPriceBand(min_seats=8, max_seats=12, percent_off=12)
    with pytest.raises(Exception, match="overlap the band 5-9"):
        band.full_clean()
