"""Never oversold: real threads on PostgreSQL row locks, each buyer going through the real
checkout service against the Stripe double over HTTP."""

import pytest

from engine.capacity.models import Hold
from engine.capacity.services import hold_place
from payments.errors import SoldOut
from payments.models import Order, OrderStatus
from payments.orders import order_checkout_start
from payments.workshops import workshop_tickets_left
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import VerifiedUserFactory, WorkshopFactory

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def test_thirty_concurrent_buyers_of_twenty_tickets_get_twenty_and_ten_sold_out(stripe_double):
    workshop = WorkshopFactory(title="Creating Effective MVPs", capacity=20)
    buyers = [VerifiedUserFactory() for _ in range(30)]

    def buy(index: int):
        return order_checkout_start(
            buyer=buyers[index], target=workshop, seats=1, site_url="http://t"
        )

    results = run_in_threads(buy, 30)
    sold_out = [r for r in results if isinstance(r, SoldOut)]
    started = [r for r in results if not isinstance(r, Exception)]
    assert len(started) == 20 and len(sold_out) == 10, results
    assert {e.message for e in sold_out} == {"Creating Effective MVPs is sold out."}
    assert Hold.objects.filter(kind="workshop", target_id=workshop.pk).count() == 20
    assert workshop_tickets_left(workshop=workshop) == 0
    orders = Order.objects.filter(workshop=workshop)
    assert orders.count() == 20
    assert all(o.status == OrderStatus.PENDING and o.stripe_session_id for o in orders)
    # Stripe heard of exactly the 20 held orders, and of nobody turned away.
    sessions = stripe_double.requests_to("/v1/checkout/sessions", "POST")
    assert len(sessions) == 20
    assert {r.params["metadata"]["order_id"] for r in sessions} == {str(o.pk) for o in orders}
    turned_away = {b.email for b in buyers} - set(orders.values_list("buyer__email", flat=True))
    assert len(turned_away) == 10
    assert not any(r.params.get("customer_email") in turned_away for r in sessions)


def test_concurrent_holds_of_several_tickets_never_exceed_capacity():
    workshop = WorkshopFactory(capacity=20)

    def hold(index: int):
        return hold_place(target=workshop, reference=f"hold:{index}", places=3, expires_at=None)

    results = run_in_threads(hold, 12)
    held = [r for r in results if not isinstance(r, Exception)]
    assert len(held) == 6  # 6 x 3 = 18; a seventh would make 21
    assert workshop_tickets_left(workshop=workshop) == 2
