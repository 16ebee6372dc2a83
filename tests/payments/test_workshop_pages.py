"""The workshop page: tickets left, sold out, the venue and link for ticket holders only, the
buy form going to the one checkout, and a query count that does not grow with tickets."""

import datetime as dt

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engine.capacity.models import Hold
from engine.capacity.services import hold_place
from payments.models import Order
from tests.factories import TicketFactory, VerifiedUserFactory, WorkshopFactory, workshop_index

pytestmark = pytest.mark.django_db

VENUE = "120 Market Street"
LINK = "https://meet.example.com/workshop"


@pytest.fixture
def workshop(db):
    return WorkshopFactory(title="Creating Effective MVPs", slug="mvps", capacity=20)


def test_the_page_shows_tickets_left_and_hides_the_venue_from_visitors(client, workshop):
    TicketFactory.create_batch(3, workshop=workshop)
    response = client.get(workshop.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Creating Effective MVPs" in html
    assert "17 tickets left" in html
    assert "$600.00" in html
    assert VENUE not in html and LINK not in html
    assert "sent to ticket holders" in html


def test_times_are_shown_in_the_workshops_own_time_zone(client, settings):
    settings.TIME_ZONE = "Asia/Tokyo"  # the site's zone must not leak into the page
    starts = dt.datetime(2027, 1, 15, 14, 0, tzinfo=dt.UTC)
    workshop = WorkshopFactory(
        starts_at=starts, ends_at=starts + dt.timedelta(hours=8), time_zone="America/New_York"
    )
    html = client.get(workshop.url).content.decode()
    assert "Friday 15 January 2027, 09:00\u201317:00" in html
    assert "America/New_York" in html


def test_a_signed_in_buyer_without_a_ticket_does_not_see_the_venue(client, workshop):
    client.force_login(VerifiedUserFactory())
    html = client.get(workshop.url).content.decode()
    assert VENUE not in html and LINK not in html


def test_a_ticket_holder_sees_the_venue_and_the_link(client, workshop):
    ticket = TicketFactory(workshop=workshop)
    client.force_login(ticket.holder)
    html = client.get(workshop.url).content.decode()
    assert VENUE in html and LINK in html
    assert "You have 1 ticket." in html


def test_a_refunded_ticket_no_longer_shows_the_venue(client, workshop):
    ticket = TicketFactory(workshop=workshop, status="refunded")
    client.force_login(ticket.holder)
    html = client.get(workshop.url).content.decode()
    assert VENUE not in html and LINK not in html


def test_a_sold_out_workshop_says_so_and_offers_no_form(client, workshop):
    TicketFactory(workshop=workshop, quantity=19)
    hold_place(target=workshop, reference="order:x", places=1, expires_at=None)
    html = client.get(workshop.url).content.decode()
    assert "Sold out." in html
    assert "tickets left" not in html
    assert 'name="tickets"' not in html


def test_the_index_lists_upcoming_workshops_with_tickets_left(client, workshop):
    TicketFactory(workshop=workshop, quantity=5)
    html = client.get(workshop_index().url).content.decode()
    assert "Creating Effective MVPs" in html and "15 tickets left" in html


def test_buying_redirects_to_stripe_checkout(client, stripe_double, buyer, workshop):
    client.force_login(buyer)
    response = client.post(f"/payments/workshops/{workshop.pk}/buy/", {"tickets": "2"})
    order = Order.objects.get(buyer=buyer)
    assert response.status_code == 302
    assert response["Location"] == order.checkout_url
    assert Hold.objects.get(reference=order.hold_reference).places == 2


def test_buying_a_sold_out_workshop_answers_409_before_stripe(
    client, stripe_double, buyer, workshop
):
    hold_place(target=workshop, reference="order:x", places=20, expires_at=None)
    client.force_login(buyer)
    response = client.post(f"/payments/workshops/{workshop.pk}/buy/", {"tickets": "1"})
    assert response.status_code == 409
    assert "Creating Effective MVPs is sold out." in response.content.decode()
    assert not Order.objects.exists()
    assert stripe_double.requests_to("/v1/checkout/sessions", "POST") == []


def test_a_bad_ticket_count_is_a_400_naming_the_field(client, buyer, workshop):
    client.force_login(buyer)
    response = client.post(f"/payments/workshops/{workshop.pk}/buy/", {"tickets": "0"})
    assert response.status_code == 400
    assert "Choose at least 1 ticket." in response.content.decode()
    assert not Order.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, workshop):
    response = client.post(f"/payments/workshops/{workshop.pk}/buy/", {"tickets": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Order.objects.exists()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in_holder", [False, True])
def test_the_page_costs_the_same_queries_at_1x_and_10x_tickets(client, signed_in_holder):
    small = WorkshopFactory(slug="small", capacity=100)
    large = WorkshopFactory(slug="large", capacity=100)
    holder = VerifiedUserFactory()
    TicketFactory(workshop=small, holder=holder)
    TicketFactory(workshop=large, holder=holder)
    TicketFactory.create_batch(1, workshop=small)
    TicketFactory.create_batch(10, workshop=large)
    for index in range(10):
        hold_place(target=large, reference=f"order:{index}", places=1, expires_at=None)
    hold_place(target=small, reference="order:s", places=1, expires_at=None)
    if signed_in_holder:
        client.force_login(holder)
    _queries(client, small.url)  # warm caches (site root, templates)
    assert _queries(client, small.url) == _queries(client, large.url)


def test_a_workshop_needs_a_real_time_zone_an_end_after_its_start_and_a_place(workshop):
    workshop.time_zone = "Mars/Olympus"
    workshop.ends_at = workshop.starts_at
    workshop.venue, workshop.online_url = "", ""
    with pytest.raises(ValidationError) as refused:
        workshop.full_clean()
    errors = refused.value.message_dict
    assert "'Mars/Olympus' is not an IANA time zone name" in errors["time_zone"][0]
    assert errors["ends_at"] == ["The workshop must end after it starts."]
    assert errors["venue"] == ["Give a venue address or an online link (or both)."]


def test_a_buyer_with_tickets_on_several_orders_sees_their_total(client, workshop):
    first = TicketFactory(workshop=workshop, quantity=10)
    TicketFactory(workshop=workshop, holder=first.holder, quantity=9)
    TicketFactory(workshop=workshop, quantity=4)  # someone else's
    client.force_login(first.holder)
    html = client.get(workshop.url).content.decode()
    assert "You have 19 tickets." in html
