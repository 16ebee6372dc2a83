"""pytest fixtures for the Stripe test double.

One server per test session (starting it costs a thread and a port); each test gets it reset,
with fresh state, no webhook endpoint and an unpaused, unadvanced clock. Import into a conftest::

    from tests.stripe_double.fixtures import stripe_double, stripe_double_server  # noqa: F401

``stripe_double`` sets Django's ``STRIPE_API_BASE``, ``STRIPE_SECRET_KEY`` and
``STRIPE_WEBHOOK_SECRET`` through pytest-django's ``settings`` fixture, and, when the test also
uses ``live_server``, points the webhook endpoint at ``live_server.url`` +
``stripe_double_webhook_path`` (override that fixture if the app's URL differs). The SDK's
module-level configuration (``stripe.api_key``, ``stripe.api_base``, ...) is restored after
each test, whatever the test or the app under test set.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import StripeDouble

_SDK_GLOBALS = (
    "api_key",
    "api_base",
    "api_version",
    "max_network_retries",
    "default_http_client",
    "enable_telemetry",
    "app_info",
    "proxy",
    "verify_ssl_certs",
    "log",
)


@pytest.fixture(scope="session")
def stripe_double_server() -> Iterator[StripeDouble]:
    """One double per test session; use ``stripe_double``, which resets it for each test."""
    double = StripeDouble(
        api_key="sk_test_double_suite",
        webhook_secret="whsec_double_suite",
        hosted_page_wait=10.0,
    ).start()
    yield double
    double.stop()


@pytest.fixture
def stripe_double_webhook_path() -> str:
    """Where the app receives Stripe webhooks (used with ``live_server``)."""
    return "/payments/stripe/webhook/"


@pytest.fixture
def stripe_double(stripe_double_server, settings, request) -> Iterator[StripeDouble]:
    """The running double, emptied, with Django's STRIPE_* settings pointing at it."""
    import stripe

    saved = {name: getattr(stripe, name) for name in _SDK_GLOBALS if hasattr(stripe, name)}
    double = stripe_double_server
    double.reset()
    settings.STRIPE_API_BASE = double.url
    settings.STRIPE_SECRET_KEY = double.api_key
    settings.STRIPE_WEBHOOK_SECRET = double.webhook_secret
    if "live_server" in request.fixturenames:
        live_server = request.getfixturevalue("live_server")
        path = request.getfixturevalue("stripe_double_webhook_path")
        double.set_webhook_endpoint(live_server.url + path, double.webhook_secret)
    try:
        yield double
    finally:
        # Nothing may reach the app once its test is over: drop what is queued, let a
        # delivery already in flight finish while the live server is still up.
        double.reset()
        double.wait_for_webhooks(timeout=15)
        for name, value in saved.items():
            setattr(stripe, name, value)
