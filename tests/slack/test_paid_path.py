"""The whole paid path with both doubles: a buyer pays through Stripe Checkout (the real
stripe SDK), the webhook enrolls them and Slack adds them; a refund removes them."""

import pytest

from courses.models import EnrollmentTier
from payments.orders import order_checkout_start, order_refund
from tests.factories import VerifiedUserFactory, on_sale_cohort
from tests.payments.conftest import event_of, post_event
from tests.stripe_double import fixtures as stripe_double_fixtures

stripe_double_server = stripe_double_fixtures.stripe_double_server
stripe_double = stripe_double_fixtures.stripe_double

pytestmark = pytest.mark.django_db


def test_a_paid_enrollment_joins_the_channel_and_its_refund_leaves_it(
    client, slack_on, stripe_double, django_capture_on_commit_callbacks
):
    cohort = on_sale_cohort(name="April 2027 class", slug="april-2027", capacity=30)
    buyer = VerifiedUserFactory(email="buyer@example.com")
    slack_on.user_add(buyer.email)
    order = order_checkout_start(
        buyer=buyer, target=cohort, tier=EnrollmentTier.STANDARD, seats=1, site_url="http://t"
    ).order
    stripe_double.complete_session(order.stripe_session_id)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(
            client, stripe_double, event_of(stripe_double, "checkout.session.completed")["id"]
        )
    assert response.status_code == 200
    assert slack_on.emails_in("april-2027") == {"buyer@example.com"}

    with django_capture_on_commit_callbacks(execute=True):
        order_refund(order=order)
    assert slack_on.emails_in("april-2027") == set()
    assert len([r for r in slack_on.requests("conversations.kick") if r.ok]) == 1
