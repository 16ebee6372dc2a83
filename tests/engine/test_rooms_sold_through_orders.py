"""A kind that exists only in the test tree (rooms) is bought, fulfilled and refunded through
the real order path (checkout, the Stripe double's session and signed webhook, fulfilment,
the refund service, the receipt and credit note through the outbox) by writing nothing but
its seller hooks (``payments.capacity.SoldThroughOrders``): no payments code knows rooms."""

import pytest

from django.db import transaction
from django.urls import reverse

from engine.capacity.kinds import kind_register, kind_unregister
from engine.capacity.models import Hold
from engine.capacity.services import places_left, places_take
from payments.capacity import SoldThroughOrders
from payments.errors import CheckoutRefused, SoldOut
from payments.models import OrderStatus
from payments.orders import order_checkout_start, order_refund
from payments.pricing import Quote
from tests.factories import VerifiedUserFactory
from tests.payments.conftest import deliver

from .rooms import Booking, Room, RoomPlaces

pytestmark = pytest.mark.django_db

NIGHT = 9_000


class RoomsForSale(SoldThroughOrders, RoomPlaces):
    """All a kind writes to be sold: its price, what a paid order gets, what a refund ends."""

    def quote(self, target, *, buyer, tier, seats, code, team, now) -> Quote:
        return Quote(
            cohort=None,
            tier=tier,
            seats=seats,
            currency="usd",
            list_unit_amount=NIGHT,
            group_percent_off=0,
            unit_amount=NIGHT,
            subtotal_amount=NIGHT * seats,
            discount_code=None,
            discount_amount=0,
        )

    def order_grant(self, order, *, now) -> None:
        room = self.order_target(order)
        with transaction.atomic():
            places_take(target=room, reference=order.hold_reference, places=order.seats, now=now)
            for _ in range(order.seats):
                Booking.objects.create(room=room, email=order.buyer.email)

    def order_end(self, order, *, now):
        room = self.order_target(order)
        Booking.objects.filter(room=room, email=order.buyer.email).delete()
        return room


@pytest.fixture
def rooms_for_sale(_room_tables, db):
    kind = kind_register(RoomsForSale())
    yield kind
    kind_unregister(kind.name)
    Booking.objects.all().delete()
    Room.objects.all().delete()


@pytest.fixture
def settle(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_room_is_bought_fulfilled_and_refunded_through_the_order(
    client, stripe_double, rooms_for_sale, settle, mailoutbox
):
    room = Room.objects.create(name="Room A", capacity=3)
    buyer = VerifiedUserFactory(email="guest@example.com")

    with settle():
        order = order_checkout_start(buyer=buyer, target=room, seats=2, site_url="http://t").order

    assert (order.capacity_kind, order.capacity_target_id) == ("room", room.pk)
    assert (order.cohort, order.workshop, order.status) == (None, None, OrderStatus.PENDING)
    assert order.total_amount == 2 * NIGHT
    assert Hold.objects.get(reference=order.hold_reference).places == 2
    assert places_left(target=room) == 1
    (request,) = stripe_double.requests_to("/v1/checkout/sessions", "POST")
    assert request.params["metadata"]["kind"] == "room"
    assert request.params["metadata"]["target_id"] == str(room.pk)
    assert request.params["line_items"][0]["price_data"]["product_data"]["name"] == (
        "Room A — place"
    )

    stripe_double.complete_session(order.stripe_session_id)
    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)

    assert order.status == OrderStatus.FULFILLED
    assert Booking.objects.filter(room=room, email="guest@example.com").count() == 2
    assert not Hold.objects.exists()
    assert places_left(target=room) == 1
    (receipt,) = [m for m in mailoutbox if "Receipt" in m.subject]
    assert receipt.subject.endswith(f"Receipt for order {order.pk}: Room A")
    assert "2 × Room A — place at $90.00" in receipt.body  # noqa: RUF001
    assert "Your places in Room A are confirmed." in receipt.body
    assert "$90.00 per place" in receipt.alternatives[0].content
    client.force_login(buyer)
    page = client.get(reverse("payments:order_detail", args=[order.pk])).content.decode()
    assert "your places are confirmed" in page

    with settle():
        order = order_refund(order=order)

    assert order.status == OrderStatus.REFUNDED
    assert not Booking.objects.filter(room=room).exists()
    assert places_left(target=room) == 3
    assert any("Credit note" in m.subject for m in mailoutbox)


def test_a_full_room_is_sold_out_before_anything_is_written_or_sent(stripe_double, rooms_for_sale):
    room = Room.objects.create(name="Room B", capacity=1)
    Booking.objects.create(room=room, email="first@example.com")

    with pytest.raises(SoldOut, match=r"Room B is full\."):
        order_checkout_start(buyer=VerifiedUserFactory(), target=room, site_url="http://t")

    assert not Hold.objects.exists()
    assert not stripe_double.requests_to("/v1/checkout/sessions", "POST")


def test_a_kind_not_sold_through_orders_is_refused(rooms):
    """The engine's own rooms kind (no seller hooks) cannot be bought."""
    room = Room.objects.create(name="Room C", capacity=2)

    with pytest.raises(CheckoutRefused, match=r"Room C is not sold through a checkout here\."):
        order_checkout_start(buyer=VerifiedUserFactory(), target=room, site_url="http://t")
