"""The offer link: it holds the place, and the ordinary checkout takes that hold over (no
second hold), so nobody else can buy the place meanwhile; a paid offer ends ``converted``, an
abandoned checkout gives the place back to the offer."""

import datetime as dt

import pytest
import time_machine

from django.utils import timezone

from courses.capacity import cohort_seats_left
from courses.models import Cohort, Enrollment, EnrollmentStatus, EnrollmentTier
from engine.capacity import tasks as capacity_tasks
from engine.capacity.models import Hold, WaitlistEntry, WaitlistStatus
from payments.errors import SoldOut
from payments.models import Order, OrderStatus
from payments.orders import order_checkout_start
from payments.waitlist import waitlist_join, waitlist_offer_next
from tests.factories import VerifiedUserFactory

from .conftest import event_of, post_event
from .waitlist_support import sold_out_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered(settle):
    """Ada holds an offered place in a full class; Bob waits behind her."""
    cohort = sold_out_cohort(name="May 2027 class", slug="may-2027", capacity=1)
    ada = waitlist_join(target=cohort, email="ada@example.com").entry
    waitlist_join(target=cohort, email="bob@example.com")
    Cohort.objects.filter(pk=cohort.pk).update(capacity=2)
    with settle():
        waitlist_offer_next(target=cohort)
    ada.refresh_from_db()
    assert ada.status == WaitlistStatus.OFFERED
    return ada


@pytest.fixture
def ada_user(db):
    return VerifiedUserFactory(email="ada@example.com")


def offer_url(entry) -> str:
    return f"/payments/waitlist/offers/{entry.offer_token}/"


def holds(cohort) -> list[tuple[str, int]]:
    return sorted(
        Hold.objects.filter(kind="cohort", target_id=cohort.pk).values_list("reference", "places")
    )


def pay_from_offer(client, user, entry) -> Order:
    client.force_login(user)
    response = client.post(offer_url(entry), {"tier": EnrollmentTier.STANDARD})
    assert response.status_code == 302, response.content.decode()
    return Order.objects.get(buyer=user)


def test_the_offer_page_shows_the_held_place_and_asks_to_sign_in_to_pay(client, offered):
    page = client.get(offer_url(offered))
    assert page.status_code == 200
    assert "A place in May 2027 class is held for you" in page.content.decode()
    response = client.post(offer_url(offered), {"tier": EnrollmentTier.STANDARD})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Order.objects.exists()


def test_checkout_from_the_offer_takes_over_its_hold_and_others_see_sold_out(
    client, stripe_double, offered, ada_user
):
    cohort = offered.target
    assert holds(cohort) == [(f"waitlist:{offered.pk}", 1)]
    order = pay_from_offer(client, ada_user, offered)
    assert (order.adopted_hold, order.seats, order.status) == (
        f"waitlist:{offered.pk}",
        1,
        OrderStatus.PENDING,
    )
    assert holds(cohort) == [(f"order:{order.pk}", 1)]  # the same place, not a second one
    assert cohort_seats_left(cohort=cohort) == 0
    with pytest.raises(SoldOut, match="May 2027 class is sold out"):
        order_checkout_start(
            buyer=VerifiedUserFactory(), target=cohort, tier=EnrollmentTier.STANDARD, seats=1
        )
    assert len(stripe_double.requests_to("/v1/checkout/sessions", "POST")) == 1


def test_paying_for_the_offer_enrols_and_the_entry_ends_converted(
    client, stripe_double, offered, ada_user, settle
):
    order = pay_from_offer(client, ada_user, offered)
    stripe_double.complete_session(order.stripe_session_id)
    with settle():
        post_event(
            client, stripe_double, event_of(stripe_double, "checkout.session.completed")["id"]
        )
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    enrollment = Enrollment.objects.get(user=ada_user, cohort=offered.target)
    assert enrollment.status == EnrollmentStatus.ACTIVE
    with settle():
        capacity_tasks.waitlist_sweep.delay()
    offered.refresh_from_db()
    assert offered.status == WaitlistStatus.CONVERTED
    # Bob is not offered anything: the class is full again.
    assert WaitlistEntry.objects.get(email="bob@example.com").status == WaitlistStatus.WAITING
    gone = client.get(offer_url(offered))
    assert gone.status_code == 410
    assert "You have already bought this place." in gone.content.decode()


def test_an_abandoned_checkout_gives_the_place_back_to_the_offer(
    client, stripe_double, offered, ada_user, settle
):
    order = pay_from_offer(client, ada_user, offered)
    with settle():
        client.get(f"/payments/orders/{order.pk}/cancelled/")  # Stripe's cancel link
        capacity_tasks.waitlist_sweep.delay()
    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED
    assert holds(offered.target) == [(f"waitlist:{offered.pk}", 1)]
    assert WaitlistEntry.objects.get(pk=offered.pk).status == WaitlistStatus.OFFERED
    assert WaitlistEntry.objects.get(email="bob@example.com").status == WaitlistStatus.WAITING
    # Ada can still use her link, and the new checkout takes the place over again.
    response = client.post(offer_url(offered), {"tier": EnrollmentTier.EXECUTIVE})
    assert response.status_code == 302
    latest = Order.objects.filter(buyer=ada_user).latest("pk")
    assert latest.tier == EnrollmentTier.EXECUTIVE
    assert holds(offered.target) == [(f"order:{latest.pk}", 1)]


def test_a_lapsed_offer_link_says_so_with_410_and_an_unknown_one_404(client, offered):
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        response = client.get(offer_url(offered))
    assert response.status_code == 410
    assert "This offer has expired" in response.content.decode()
    assert client.get("/payments/waitlist/offers/not-a-token/").status_code == 404
