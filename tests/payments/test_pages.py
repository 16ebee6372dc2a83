"""Buyer pages: classes on sale, the course page's price include, orders; each in a fixed
number of queries whatever the number of classes, orders or members."""

import re

import pytest

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.selectors import cohorts_upcoming
from payments.models import OrderStatus
from payments.teams import team_seat_claim, team_seat_take
from tests.factories import (
    OrderFactory,
    TeamInvitationFactory,
    VerifiedUserFactory,
    on_sale_cohort,
    team_with_pool,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_classes_page_lists_prices_and_a_buy_link(client, cohort):
    page = client.get("/payments/classes/").content.decode()
    assert "April 2027 class" in page
    assert "$1,500.00" in page and "$2,500.00" in page
    assert 'href="/payments/buy/april-2027/"' in page
    assert "Four 1:1 coaching sessions" in page


def test_the_classes_page_costs_the_same_queries_for_ten_times_the_classes(client, cohort):
    one = queries_for(client, "/payments/classes/")
    for _ in range(9):
        on_sale_cohort(course=cohort.course)
    assert queries_for(client, "/payments/classes/") == one


def test_the_course_page_include_loads_prices_once_for_all_classes(cohort):
    for _ in range(4):
        on_sale_cohort(course=cohort.course)
    cohorts = cohorts_upcoming(course=cohort.course, now=timezone.now())
    template = Template(
        "{% load payments_tags %}"
        "{% for cohort in cohorts %}{% cohort_buy cohort cohorts %}{% endfor %}"
    )
    with CaptureQueriesContext(connection) as captured:
        html = template.render(Context({"cohorts": cohorts}))
    assert len(captured) == 2  # the prices, and what their tiers include (entitlements)
    assert html.count("Buy a place in") == 5


def test_the_include_says_sold_out_and_closed(cohort):
    cohort.seats_left, cohort.is_open = 0, True
    html = Template("{% load payments_tags %}{% cohort_buy cohort %}").render(
        Context({"cohort": cohort})
    )
    assert "Sold out" in html
    cohort.is_open = False
    html = Template("{% load payments_tags %}{% cohort_buy cohort %}").render(
        Context({"cohort": cohort})
    )
    assert "Enrollment" in html and "Buy a place" not in html


def test_the_order_history_lists_the_buyers_orders_in_fixed_queries(client, buyer):
    OrderFactory(buyer=buyer)
    client.force_login(buyer)
    one = queries_for(client, "/payments/orders/")
    for _ in range(9):
        OrderFactory(buyer=buyer)
    OrderFactory()  # someone else's
    assert queries_for(client, "/payments/orders/") == one
    page = client.get("/payments/orders/").content.decode()
    assert len(re.findall(r'href="/payments/orders/\d+/"', page)) == 10


def test_an_order_page_is_the_buyers_only(client, buyer):
    order = OrderFactory(buyer=buyer, status=OrderStatus.FULFILLED)
    client.force_login(VerifiedUserFactory())
    assert client.get(f"/payments/orders/{order.pk}/").status_code == 404
    client.force_login(buyer)
    page = client.get(f"/payments/orders/{order.pk}/").content.decode()
    assert "Payment received" in page


def test_the_team_page_costs_the_same_queries_for_ten_times_the_team(client, cohort):
    owner = VerifiedUserFactory()
    team = team_with_pool(owner=owner, cohort=cohort, seats_total=30)
    team_seat_take(team=team, user=owner)
    TeamInvitationFactory(team=team)
    client.force_login(owner)
    one = queries_for(client, f"/payments/teams/{team.pk}/")
    for n in range(9):
        member = VerifiedUserFactory()
        invitation = TeamInvitationFactory(team=team, email=member.email)
        team_seat_claim(invitation=invitation, user=member)
        TeamInvitationFactory(team=team, email=f"waiting{n}@example.com")
    assert queries_for(client, f"/payments/teams/{team.pk}/") == one


# Issue 13: the buy form a signed-in buyer opens (its prices are read once, not twice).
BUY_FORM_BUDGET = 9  # was 11: the prices and their perks were read twice


def test_the_buy_form_costs_the_same_queries_at_1x_and_10x(client, cohort, buyer, bands, rendering):
    client.force_login(buyer)
    url = f"/payments/buy/{cohort.slug}/"
    one = queries_for(client, url)
    for _ in range(9):
        on_sale_cohort(course=cohort.course)
        OrderFactory(cohort=cohort)
        OrderFactory(cohort=cohort, buyer=buyer, status=OrderStatus.EXPIRED)
    assert queries_for(client, url) == one
    assert one <= BUY_FORM_BUDGET, f"{one} queries, budget {BUY_FORM_BUDGET}"
