"""The Wagtail admin: editors manage prices, group bands and discount codes (each code is
mirrored to Stripe when saved); orders, teams and Stripe events are read-only records."""

import pytest

from django.contrib.auth.models import Group

from payments.models import CohortPrice, DiscountCode
from tests.factories import OrderFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    user = VerifiedUserFactory(is_staff=True, email="editor@example.com")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_an_editor_creates_a_discount_code_and_it_is_mirrored_to_stripe(
    client, stripe_double, editor, cohort, settle
):
    client.force_login(editor)
    assert client.get("/admin/payments/discount-codes/new/").status_code == 200
    with settle():
        response = client.post(
            "/admin/payments/discount-codes/new/",
            {
                "code": "april17",
                "active": "on",
                "description": "The April class",
                "amount_off": "10000",
                "currency": "usd",
                "cohorts": [str(cohort.pk)],
                "tiers": ["standard"],
                "min_seats": "1",
                "once_per_customer": "on",
                "max_redemptions": "50",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    code = DiscountCode.objects.get()
    assert (code.code, code.tiers, list(code.cohorts.all())) == ("APRIL17", ["standard"], [cohort])
    assert code.stripe_promotion_code_id
    assert stripe_double.get(code.stripe_promotion_code_id)["code"] == "APRIL17"


def test_a_code_with_both_or_neither_discount_is_refused_with_a_message(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/payments/discount-codes/new/",
        {
            "code": "BOTH",
            "percent_off": "10",
            "amount_off": "100",
            "currency": "usd",
            "min_seats": "1",
        },
    )
    assert response.status_code == 200
    assert "Fill in either a percent off or an amount off" in response.content.decode()
    assert not DiscountCode.objects.exists()


def test_an_editor_sets_a_price(client, editor, cohort):
    client.force_login(editor)
    CohortPrice.objects.filter(cohort=cohort).delete()
    response = client.post(
        "/admin/payments/prices/new/",
        {"cohort": str(cohort.pk), "tier": "executive", "unit_amount": "260000", "currency": "usd"},
    )
    assert response.status_code == 302
    assert CohortPrice.objects.get().unit_amount == 260_000


def test_an_editor_keeps_group_bands_from_overlapping(client, editor, bands):
    client.force_login(editor)
    response = client.post(
        "/admin/payments/group-pricing/new/",
        {"min_seats": "8", "max_seats": "12", "percent_off": "5"},
    )
    assert response.status_code == 200
    assert "overlap the band 5-9" in response.content.decode()


def test_orders_are_read_only_with_a_refund_button_for_superusers(client):
    order = OrderFactory(stripe_payment_intent_id="pi_123")
    admin = VerifiedUserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    index = client.get("/admin/payments/orders/")
    assert index.status_code == 200
    assert f"/admin/payments/orders/refund/{order.pk}/" in index.content.decode()
    inspect = client.get(f"/admin/payments/orders/inspect/{order.pk}/")
    assert inspect.status_code == 200
    assert f"/admin/payments/orders/refund/{order.pk}/" in inspect.content.decode()
    assert client.get("/admin/payments/orders/new/").status_code in (302, 403)
    assert client.get(f"/admin/payments/orders/edit/{order.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/payments/orders/delete/{order.pk}/").status_code in (302, 403)


def test_editors_do_not_see_orders(client, editor):
    client.force_login(editor)
    assert client.get("/admin/payments/orders/").status_code in (302, 403)
