"""Fixtures for the payments tests: the Stripe test double (the real SDK over HTTP), a class
on sale, buyers, and helpers that deliver the double's signed events to the webhook view."""

from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest

from django.urls import reverse

from tests.factories import VerifiedUserFactory, on_sale_cohort, standard_bands
from tests.stripe_double.fixtures import stripe_double, stripe_double_server  # noqa: F401

WEBHOOK_URL = "/payments/stripe/webhook/"


@pytest.fixture
def cohort(db):
    return on_sale_cohort(name="April 2027 class", slug="april-2027", capacity=30)


@pytest.fixture
def bands(db):
    return standard_bands()


@pytest.fixture
def buyer(db):
    return VerifiedUserFactory(email="buyer@example.com", first_name="Bea")


@pytest.fixture
def settle(django_capture_on_commit_callbacks) -> Callable[[], AbstractContextManager]:
    """``with settle(): ...`` runs what the block queued on commit (tasks run eagerly), as a
    real commit would, inside the test's transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def post_event(client, double, event_id: str, **sign_options):
    """POST one of the double's events to the webhook view, signed as a delivery would be."""
    payload, signature = double.signed_event(event_id, **sign_options)
    return client.post(
        WEBHOOK_URL, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )


def deliver_all(client, double, event_type: str = "*") -> list:
    """Deliver every stored event (optionally of one type) in order; returns the responses."""
    return [post_event(client, double, event["id"]) for event in double.events_of_type(event_type)]


def event_of(double, event_type: str, session_id: str | None = None) -> dict:
    events = [
        e
        for e in double.events_of_type(event_type)
        if session_id is None or e["data"]["object"].get("id") == session_id
    ]
    assert events, f"no {event_type} event"
    return events[-1]


def deliver(client, double, event_type: str, order, settle):
    """Deliver the double's ``event_type`` event for ``order``'s session to our webhook, wait
    for the work it queues, and return the order as it then is."""
    with settle():
        response = post_event(
            client, double, event_of(double, event_type, order.stripe_session_id)["id"]
        )
    assert response.status_code == 200
    order.refresh_from_db()
    return order


@pytest.fixture
def order_page():
    return lambda order: reverse("payments:order_detail", args=[order.pk])
