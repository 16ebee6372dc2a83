"""The payments JSON API under /api/v1/payments/, and its OpenAPI schema staying clean."""

import pytest

from django.core.management import call_command

from courses.models import Enrollment
from payments.models import Order, OrderStatus
from payments.teams import invitation_link_token, team_invite
from tests.factories import (
    DiscountCodeFactory,
    EnrollmentFactory,
    OrderFactory,
    TeamInvitationFactory,
    VerifiedUserFactory,
    team_with_pool,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/payments"


def test_classes_on_sale_list_prices_per_tier(client, cohort):
    (row,) = client.get(f"{API}/classes/").json()
    assert (row["slug"], row["seats_left"], row["is_open"]) == ("april-2027", 30, True)
    assert [(p["tier"], p["unit_amount"], p["display"]) for p in row["prices"]] == [
        ("standard", 150_000, "$1,500.00"),
        ("executive", 250_000, "$2,500.00"),
    ]


def test_a_quote_is_computed_by_the_server(client, cohort, bands):
    DiscountCodeFactory(code="APRIL17", cohorts=[cohort])
    response = client.post(
        f"{API}/quote/",
        {"cohort": "april-2027", "tier": "executive", "seats": 6, "code": "april17", "total": 1},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {
        "cohort": "april-2027",
        "tier": "executive",
        "seats": 6,
        "currency": "usd",
        "list_unit_amount": 250_000,
        "group_percent_off": 10,
        "unit_amount": 225_000,
        "subtotal_amount": 1_350_000,
        "discount_code": "APRIL17",
        "discount_amount": 10_000,
        "total_amount": 1_340_000,
    }


def test_a_bad_code_gets_its_reason(client, cohort):
    response = client.post(
        f"{API}/quote/",
        {"cohort": "april-2027", "tier": "standard", "code": "NOPE"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["reason"] == "invalid"
    assert response.json()["field"] == "code"


def test_bad_input_says_what_to_fix(client, buyer):
    client.force_login(buyer)
    response = client.post(
        f"{API}/checkout/",
        {"cohort": "april-2027", "tier": "gold", "seats": 0},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"tier", "seats"}
    assert (body["code"], body["field"]) == ("invalid", "tier")


def test_checkout_needs_a_signed_in_buyer(client, cohort):
    response = client.post(
        f"{API}/checkout/",
        {"cohort": "april-2027", "tier": "standard"},
        content_type="application/json",
    )
    assert response.status_code == 401  # not signed in (403 is "signed in, not allowed")


def test_checkout_returns_the_stripe_url_and_the_order(client, stripe_double, buyer, cohort):
    client.force_login(buyer)
    response = client.post(
        f"{API}/checkout/",
        {"cohort": "april-2027", "tier": "standard", "seats": 1, "unit_amount": 1},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    order = Order.objects.get()
    assert body["checkout_url"] == order.checkout_url
    assert body["needs_payment"] is True
    assert (body["order"]["id"], body["order"]["total_amount"], body["order"]["status"]) == (
        order.pk,
        150_000,
        "pending",
    )


def test_sold_out_is_409_with_the_next_class(client, stripe_double, buyer, cohort):
    type(cohort).objects.filter(pk=cohort.pk).update(capacity=1)
    EnrollmentFactory(cohort=cohort)
    client.force_login(buyer)
    response = client.post(
        f"{API}/checkout/",
        {"cohort": "april-2027", "tier": "standard"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["next_cohort"] is None
    assert stripe_double.requests == []


def test_orders_are_the_buyers_own(client, buyer):
    mine = OrderFactory(buyer=buyer)
    theirs = OrderFactory()
    client.force_login(buyer)
    assert [o["id"] for o in client.get(f"{API}/orders/").json()] == [mine.pk]
    assert client.get(f"{API}/orders/{mine.pk}/").json()["lines"][0]["quantity"] == 1
    assert client.get(f"{API}/orders/{theirs.pk}/").status_code == 404


def test_team_endpoints_serve_the_owner_only(client, buyer, cohort, settle):
    team = team_with_pool(owner=buyer, cohort=cohort, seats_total=3)
    other = team_with_pool(seats_total=2)
    client.force_login(buyer)
    assert [t["id"] for t in client.get(f"{API}/teams/").json()] == [team.pk]
    assert client.get(f"{API}/teams/{other.pk}/").status_code == 404
    assert (
        client.post(
            f"{API}/teams/{other.pk}/invitations/",
            {"email": "x@example.com"},
            content_type="application/json",
        ).status_code
        == 404
    )
    with settle():
        created = client.post(
            f"{API}/teams/{team.pk}/invitations/",
            {"email": "a@example.com"},
            content_type="application/json",
        )
    assert created.status_code == 201
    invitation_id = created.json()["id"]
    reassigned = client.post(
        f"{API}/teams/{team.pk}/invitations/{invitation_id}/reassign/",
        {"email": "b@example.com"},
        content_type="application/json",
    )
    assert (reassigned.status_code, reassigned.json()["email"]) == (201, "b@example.com")
    revoked = client.post(f"{API}/teams/{team.pk}/invitations/{reassigned.json()['id']}/revoke/")
    assert revoked.json()["status"] == "revoked"
    seat = client.post(f"{API}/teams/{team.pk}/seats/")
    assert seat.status_code == 201
    detail = client.get(f"{API}/teams/{team.pk}/").json()
    assert (detail["seats_total"], detail["claimed"], detail["unclaimed"]) == (3, 1, 2)
    assert [m["email"] for m in detail["members"]] == [buyer.email]


def test_an_invitee_claims_through_the_api(client, cohort):
    team = team_with_pool(cohort=cohort, seats_total=1)
    invitation = team_invite(team=team, actor=team.owner, email="c@example.com")
    client.force_login(VerifiedUserFactory(email="c@example.com"))
    response = client.post(
        f"{API}/invitations/claim/",
        {"token": invitation_link_token(invitation)},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["cohort"] == "april-2027"
    assert Enrollment.objects.filter(cohort=cohort).count() == 1
    late = TeamInvitationFactory(team=team, email="d@example.com")
    client.force_login(VerifiedUserFactory(email="d@example.com"))
    full = client.post(
        f"{API}/invitations/claim/",
        {"token": invitation_link_token(late)},
        content_type="application/json",
    )
    assert full.status_code == 409
    assert "taken" in full.json()["detail"]
    bad = client.post(
        f"{API}/invitations/claim/", {"token": "nonsense"}, content_type="application/json"
    )
    assert bad.status_code == 400


def test_buying_more_team_seats_through_the_api(client, stripe_double, buyer, cohort, bands):
    team = team_with_pool(owner=buyer, cohort=cohort, seats_total=4)
    client.force_login(buyer)
    response = client.post(
        f"{API}/teams/{team.pk}/buy-seats/", {"seats": 1}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["order"]["unit_amount"] == 225_000  # 5 seats in all: 10% off
    assert Order.objects.get().status == OrderStatus.PENDING


def test_the_openapi_schema_stays_valid_and_warning_free():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
