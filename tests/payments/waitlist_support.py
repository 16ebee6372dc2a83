"""Helpers of the waitlist tests: a sold-out class, a paid place bought through the real
checkout and the Stripe double, and the link out of an offer email."""

import re

from courses.models import EnrollmentTier
from payments.models import Order, OrderStatus
from payments.orders import order_checkout_start
from tests.factories import EnrollmentFactory, VerifiedUserFactory, on_sale_cohort

from .conftest import event_of, post_event

OFFER_LINK = re.compile(r"https?://\S+/payments/waitlist/offers/([\w-]+)/")


def sold_out_cohort(*, capacity: int = 2, **kwargs):
    """An open class on sale whose every seat is taken by an enrollment."""
    cohort = on_sale_cohort(capacity=capacity, **kwargs)
    for _ in range(capacity):
        EnrollmentFactory(cohort=cohort)
    return cohort


def buy_place(client, stripe_double, settle, *, cohort, buyer=None) -> Order:
    """A fulfilled single-seat order, paid on the double and settled by its webhook."""
    buyer = buyer or VerifiedUserFactory()
    order = order_checkout_start(
        buyer=buyer, target=cohort, tier=EnrollmentTier.STANDARD, seats=1, site_url="http://t"
    ).order
    stripe_double.complete_session(order.stripe_session_id)
    event = event_of(stripe_double, "checkout.session.completed", order.stripe_session_id)
    with settle():
        post_event(client, stripe_double, event["id"])
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    return order


def offer_emails(mailoutbox) -> list:
    return [m for m in mailoutbox if "is yours for 24 hours" in m.subject]


def offer_token(message) -> str:
    return OFFER_LINK.search(message.body).group(1)
