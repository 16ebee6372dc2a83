"""An unpaid checkout never blocks its own buyer (issue 14, item 2): the buy page offers to
resume it (back to the same Stripe session while the double still has it open) or to start
again (its seats and code given back through the order's owner), and a once-per-customer
code held by the buyer's own unpaid checkout is not "already used"."""

import pytest

from django.urls import reverse

from engine.capacity.models import Hold
from payments.models import DiscountRedemption, Order, OrderStatus, RedemptionStatus
from payments.orders import order_checkout_start
from tests.factories import DiscountCodeFactory, on_sale_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def code(cohort):
    return DiscountCodeFactory(code="APRIL17", once_per_customer=True, cohorts=[cohort])


def buy_url(cohort) -> str:
    return reverse("payments:buy", args=[cohort.slug])


def pay(client, cohort, **choice):
    data = {"tier": "standard", "seats": 1, "code": "", "action": "pay", **choice}
    return client.post(buy_url(cohort), data)


def test_the_buy_page_offers_to_resume_the_open_checkout(client, stripe_double, buyer, cohort):
    client.force_login(buyer)
    first = pay(client, cohort)
    order = Order.objects.get(buyer=buyer)
    assert first["Location"] == order.checkout_url

    page = client.get(buy_url(cohort)).content.decode()

    assert "Your checkout is still open" in page
    assert reverse("payments:order_resume", args=[order.pk]) in page
    assert reverse("payments:order_start_again", args=[order.pk]) in page
    resumed = client.get(reverse("payments:order_resume", args=[order.pk]))
    assert resumed.status_code == 302
    assert (
        resumed["Location"]
        == order.checkout_url
        == stripe_double.get(order.stripe_session_id)["url"]
    )


def test_resuming_a_checkout_stripe_expired_shows_the_order_instead(
    client, stripe_double, buyer, cohort
):
    client.force_login(buyer)
    pay(client, cohort)
    order = Order.objects.get(buyer=buyer)
    stripe_double.expire_session(order.stripe_session_id)

    resumed = client.get(reverse("payments:order_resume", args=[order.pk]))

    assert resumed["Location"] == reverse("payments:order_detail", args=[order.pk])
    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED
    assert "Your checkout is still open" not in client.get(buy_url(cohort)).content.decode()


def test_starting_again_gives_the_seats_and_code_back_and_keeps_the_choice(
    client, stripe_double, buyer, cohort, code
):
    client.force_login(buyer)
    pay(client, cohort, tier="executive", code="APRIL17")
    order = Order.objects.get(buyer=buyer)
    assert Hold.objects.filter(reference=order.hold_reference).exists()

    again = client.post(reverse("payments:order_start_again", args=[order.pk]))

    assert again.status_code == 302
    assert again["Location"] == f"{buy_url(cohort)}?tier=executive&seats=1&code=APRIL17"
    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED
    assert not Hold.objects.filter(reference=order.hold_reference).exists()
    assert DiscountRedemption.objects.get(order=order).status == RedemptionStatus.RELEASED
    page = client.get(again["Location"]).content.decode()
    assert "Your checkout is still open" not in page
    assert 'value="APRIL17"' in page and "Your price" in page  # the same choice, priced


def test_a_once_per_customer_code_in_the_buyers_own_open_checkout_is_not_already_used(
    client, stripe_double, buyer, cohort, code
):
    client.force_login(buyer)
    pay(client, cohort, code="APRIL17")
    first = Order.objects.get(buyer=buyer)

    quote = client.post(
        buy_url(cohort), {"tier": "standard", "seats": 2, "code": "APRIL17", "action": "quote"}
    )
    assert quote.status_code == 200, quote.content.decode()
    assert "already used" not in quote.content.decode()

    changed = pay(client, cohort, seats=2, code="APRIL17")

    assert changed.status_code == 302
    second = Order.objects.exclude(pk=first.pk).get(buyer=buyer)
    assert (second.seats, second.discount_code, second.status) == (2, code, OrderStatus.PENDING)
    first.refresh_from_db()
    assert first.status == OrderStatus.EXPIRED  # replaced: its code and seat given back
    live = DiscountRedemption.objects.filter(code=code, status=RedemptionStatus.PENDING)
    assert list(live.values_list("order", flat=True)) == [second.pk]


def test_a_code_held_by_an_open_checkout_of_another_class_says_where(stripe_double, buyer, cohort):
    DiscountCodeFactory(code="ONCE", once_per_customer=True)
    order_checkout_start(buyer=buyer, target=cohort, code="ONCE", site_url="http://t")
    other = on_sale_cohort(name="May 2027 class", slug="may-2027")

    with pytest.raises(Exception) as refused:
        order_checkout_start(buyer=buyer, target=other, code="ONCE", site_url="http://t")

    assert refused.value.reason == "already_used"
    assert refused.value.message == (
        "Code ONCE is held by your unpaid checkout for April 2027 class: finish paying there, "
        "or start that checkout again, to use it here."
    )


def test_a_paid_use_is_still_already_used(client, stripe_double, buyer, cohort, code, settle):
    from .conftest import deliver

    order = order_checkout_start(
        buyer=buyer, target=cohort, code="APRIL17", seats=2, site_url="http://t"
    ).order
    stripe_double.complete_session(order.stripe_session_id)
    deliver(client, stripe_double, "checkout.session.completed", order, settle)
    client.force_login(buyer)

    quote = client.post(
        buy_url(cohort), {"tier": "standard", "seats": 1, "code": "APRIL17", "action": "quote"}
    )

    assert quote.status_code == 400
    assert "You have already used code APRIL17" in quote.content.decode()
