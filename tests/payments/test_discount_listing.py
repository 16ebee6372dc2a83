"""The admin's discount code listing: the classes each code is for, uses against its limit."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.payments import DiscountCodeFactory, on_sale_cohort

pytestmark = pytest.mark.django_db

LISTING = "/admin/payments/discount-codes/"


def test_the_listing_shows_the_classes_and_uses_against_the_limit(admin_client):
    april = on_sale_cohort(name="April class", slug="april")
    may = on_sale_cohort(name="May class", slug="may")
    DiscountCodeFactory(code="APRIL17", cohorts=[april, may], max_redemptions=10, used=3)
    DiscountCodeFactory(code="ANYCLASS", cohorts=[], max_redemptions=None, used=7)
    html = admin_client.get(LISTING).content.decode()
    assert "April class, May class" in html
    assert "3 of 10" in html
    assert "Every class" in html and "7 (no limit)" in html


def test_the_listing_costs_the_same_queries_with_ten_times_the_codes(admin_client):
    def add(count: int, offset: int) -> None:
        for n in range(offset, offset + count):
            cohort = on_sale_cohort(name=f"Class {n}", slug=f"class-{n}")
            DiscountCodeFactory(code=f"CODE{n}", cohorts=[cohort], max_redemptions=5)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(LISTING).status_code == 200
        return len(captured)

    add(2, 0)
    admin_client.get(LISTING)
    small = queries()
    add(18, 2)
    assert queries() == small
