"""The one place that builds a Stripe client, from settings ``STRIPE_SECRET_KEY`` and
``STRIPE_API_BASE`` (empty: Stripe itself; set: the local test double, never in production).

The official SDK is used unchanged (https://docs.stripe.com/api?lang=python); every object
it returns is a ``StripeObject``, which the rest of the app reads like a dict. Network
retries are the SDK's own: they reuse the request's idempotency key, so a retried create is
never a second create (https://docs.stripe.com/api/idempotent_requests).
"""

from typing import Any

import stripe

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NETWORK_RETRIES = 2

# Errors worth retrying later (Celery's autoretry): Stripe unreachable or busy.
TRANSIENT_STRIPE_ERRORS = (stripe.APIConnectionError, stripe.RateLimitError)


def stripe_client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise ImproperlyConfigured(
            "STRIPE_SECRET_KEY is not set. For local work start the Stripe test double "
            "(python -m tests.stripe_double) and set STRIPE_API_BASE and STRIPE_SECRET_KEY."
        )
    options: dict[str, Any] = {"max_network_retries": NETWORK_RETRIES}
    if settings.STRIPE_API_BASE:
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, **options)


def as_dict(obj: Any) -> dict[str, Any]:
    """A plain dict of a Stripe object (for JSON fields and for code that reads with .get)."""
    if obj is None:
        return {}
    if isinstance(obj, stripe.StripeObject):
        return obj.to_dict()
    return dict(obj)


def object_id(value: Any) -> str:
    """The id of a field that is either an id or an expanded object."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get("id") or ""
