"""The demo school's prices, bands and APRIL17, loaded idempotently."""

import datetime as dt

import pytest

from django.utils import timezone

from demo.prices import seed_payments
from payments.models import CohortPrice, DiscountCode, GroupPriceBand
from tests.factories import CohortFactory

pytestmark = pytest.mark.django_db


def silent(_line: str) -> None:
    pass


def demo_classes():
    """The three classes ``demo/curriculum.py`` makes: one running, two open for enrollment."""
    today = timezone.now()
    for n, slug in enumerate(("demo-current-class", "demo-next-class", "demo-class-after-next")):
        start = today + dt.timedelta(days=28 * n - 20)
        CohortFactory(
            slug=slug,
            start_date=start.date(),
            enrollment_opens_at=start - dt.timedelta(days=60),
            enrollment_closes_at=start,
        )


def test_the_demo_prices_bands_and_code_load_once():
    demo_classes()
    lines: list[str] = []
    seed_payments(lines.append)
    assert CohortPrice.objects.count() == 6  # three classes, two tiers
    assert list(GroupPriceBand.objects.values_list("min_seats", "max_seats", "percent_off")) == [
        (5, 9, 10),
        (10, 19, 15),
        (20, None, 20),
    ]
    code = DiscountCode.objects.get(code="APRIL17")
    assert (code.amount_off, code.currency, code.valid_until) == (10_000, "usd", None)
    (cohort,) = code.cohorts.all()
    assert cohort.slug == "demo-next-class"  # the first demo class still open
    assert code.expires_at_for(cohort) == cohort.enrollment_closes_at
    assert any(line.startswith("created discount code APRIL17") for line in lines)

    again: list[str] = []
    seed_payments(again.append)
    assert again == [
        "kept every price",
        "kept the tier entitlements",
        "kept the group bands",
        "kept discount code APRIL17",
    ]
    assert CohortPrice.objects.count() == 6


def test_without_classes_the_step_says_so():
    lines: list[str] = []
    seed_payments(lines.append)
    assert lines == ["skipped prices: the demo classes do not exist yet (the 'curriculum' step)"]
