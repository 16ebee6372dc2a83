"""Exactly once under real concurrency: PostgreSQL row locks, real threads, and the Stripe
double delivering signed webhooks over HTTP to pytest-django's live server.

Each thread closes its own database connection (``tests.concurrency.run_in_threads``)."""

import http.client
from urllib.parse import urlsplit

import pytest

from django.conf import settings
from django.test import Client

from courses.capacity import cohort_seats_left
from courses.models import Enrollment, EnrollmentStatus, EnrollmentTier
from engine.capacity.models import Hold
from payments.discounts import discount_code_mirror
from payments.errors import DiscountRejected, TeamError
from payments.models import (
    DiscountCode,
    DiscountRedemption,
    Order,
    OrderStatus,
    RedemptionStatus,
    StripeEvent,
    TeamSeat,
)
from payments.orders import order_checkout_start, stripe_reconcile
from payments.teams import team_seat_claim
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import (
    DiscountCodeFactory,
    TeamInvitationFactory,
    VerifiedUserFactory,
    on_sale_cohort,
    team_with_pool,
)

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def get_as(live_server, user, path: str) -> int:
    """A GET over real HTTP with ``user``'s session cookie (what a browser would send)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    parts = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(
            "GET", path, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
        )
        return connection.getresponse().status
    finally:
        connection.close()


def test_five_concurrent_deliveries_and_the_success_page_enrol_once(live_server, stripe_double):
    cohort = on_sale_cohort(slug="april-2027")
    buyer = VerifiedUserFactory()
    code = DiscountCodeFactory(code="APRIL17", cohorts=[cohort])
    order = order_checkout_start(
        buyer=buyer,
        target=cohort,
        tier=EnrollmentTier.STANDARD,
        seats=1,
        code="APRIL17",
        site_url=live_server.url,
    ).order
    stripe_double.pause_webhooks()  # deliver on our signal, all at once
    stripe_double.complete_session(order.stripe_session_id)
    (event,) = stripe_double.events_of_type("checkout.session.completed")
    success = f"/payments/checkout/return/?session_id={order.stripe_session_id}"

    def hit(index: int):
        if index == 5:
            return get_as(live_server, buyer, success)
        (delivery,) = stripe_double.deliver(event["id"])
        return delivery.status

    statuses = run_in_threads(hit, 6)
    assert sorted(statuses) == [200, 200, 200, 200, 200, 302], statuses
    assert Enrollment.objects.filter(user=buyer, cohort=cohort).count() == 1
    assert DiscountRedemption.objects.filter(order=order).count() == 1
    assert DiscountRedemption.objects.get(order=order).status == RedemptionStatus.USED
    assert DiscountCode.objects.get(pk=code.pk).used == 1
    assert StripeEvent.objects.filter(stripe_id=event["id"]).count() == 1
    assert Order.objects.get(pk=order.pk).status == OrderStatus.FULFILLED


def test_a_code_limited_to_n_redeemed_by_2n_concurrent_checkouts_gives_exactly_n(stripe_double):
    n = 5
    cohort = on_sale_cohort()
    code = DiscountCodeFactory(code="FIRSTFIVE", cohorts=[cohort], max_redemptions=n)
    discount_code_mirror(code_id=code.pk)  # as the editor's save did
    buyers = [VerifiedUserFactory() for _ in range(2 * n)]

    def buy(index: int):
        return order_checkout_start(
            buyer=buyers[index],
            target=cohort,
            tier=EnrollmentTier.STANDARD,
            seats=1,
            code="FIRSTFIVE",
            site_url="http://t",
        )

    results = run_in_threads(buy, 2 * n)
    refused = [r for r in results if isinstance(r, DiscountRejected)]
    started = [r for r in results if not isinstance(r, Exception)]
    assert len(started) == n and len(refused) == n, results
    assert {r.reason for r in refused} == {"exhausted"}
    assert DiscountCode.objects.get(pk=code.pk).used == n
    assert (
        DiscountRedemption.objects.filter(code=code, status=RedemptionStatus.PENDING).count() == n
    )
    assert len(stripe_double.requests_to("/v1/checkout/sessions", "POST")) == n
    assert cohort_seats_left(cohort=cohort) == cohort.capacity - n


def test_one_buyer_in_four_tabs_uses_a_once_per_customer_code_once(stripe_double):
    """Four checkouts of four classes at once, by one buyer with one code: each passes the
    early check before any has reserved; the database's constraint lets exactly one in."""
    cohorts = [on_sale_cohort(slug=f"tab-{index}") for index in range(4)]
    code = DiscountCodeFactory(code="ONCE", once_per_customer=True)
    discount_code_mirror(code_id=code.pk)
    buyer = VerifiedUserFactory()

    def buy(index: int):
        return order_checkout_start(
            buyer=buyer,
            target=cohorts[index],
            tier=EnrollmentTier.STANDARD,
            seats=1,
            code="ONCE",
            site_url="http://t",
        )

    results = run_in_threads(buy, len(cohorts))
    refused = [r for r in results if isinstance(r, DiscountRejected)]
    started = [r for r in results if not isinstance(r, Exception)]
    assert len(started) == 1 and len(refused) == 3, results
    assert {r.reason for r in refused} == {"already_used"}
    assert DiscountCode.objects.get(pk=code.pk).used == 1
    assert DiscountRedemption.objects.filter(code=code, customer=buyer).count() == 1
    assert len(stripe_double.requests_to("/v1/checkout/sessions", "POST")) == 1


def test_fifteen_concurrent_acceptances_of_ten_seats_give_ten_members():
    cohort = on_sale_cohort(capacity=40)
    team = team_with_pool(cohort=cohort, seats_total=10)
    people = [VerifiedUserFactory() for _ in range(15)]
    invitations = [TeamInvitationFactory(team=team, email=p.email) for p in people]

    def accept(index: int):
        return team_seat_claim(invitation=invitations[index], user=people[index])

    results = run_in_threads(accept, 15)
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 5 and all(isinstance(e, TeamError) for e in errors), errors
    assert all("All 10 seats of this team are taken" in e.message for e in errors)
    assert TeamSeat.objects.filter(team=team).count() == 10
    assert Enrollment.objects.filter(cohort=cohort, status=EnrollmentStatus.ACTIVE).count() == 10
    assert not Hold.objects.filter(reference=f"team:{team.pk}").exists()
    assert cohort_seats_left(cohort=cohort) == 30


def test_reconciliation_after_the_endpoint_was_down_then_redelivery_changes_nothing(
    live_server, stripe_double
):
    cohort = on_sale_cohort()
    orders = [
        order_checkout_start(
            buyer=VerifiedUserFactory(),
            target=cohort,
            tier=EnrollmentTier.STANDARD,
            seats=1,
            site_url=live_server.url,
        ).order
        for _ in range(3)
    ]
    stripe_double.pause_webhooks()  # our endpoint is down
    for order in orders:
        stripe_double.complete_session(order.stripe_session_id)
    assert stripe_double.wait_for_webhooks()
    assert StripeEvent.objects.count() == 0

    report = stripe_reconcile()
    assert report.errors == []
    assert Enrollment.objects.filter(cohort=cohort).count() == 3
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.FULFILLED}
    assert not stripe_reconcile().changed_anything

    # The endpoint comes back and Stripe retries everything it could not deliver.
    stripe_double.resume_webhooks(redeliver=True)
    assert stripe_double.wait_for_webhooks(timeout=30)
    assert all(d.ok for d in stripe_double.deliveries)
    assert Enrollment.objects.filter(cohort=cohort).count() == 3
