"""Per-client limits behind a proxy (issue 12, item 2).

The load balancer is ``REMOTE_ADDR`` 10.0.0.1 for every request and appends the address it
saw to ``X-Forwarded-For``; with ``ALLAUTH_TRUSTED_PROXY_COUNT = 1`` the limits key on that
entry, and whatever a client wrote in the header itself is ignored.
"""

import pytest

from django.urls import reverse

from tests.cms.test_settings import PRODUCTION_ENVIRONMENT, run_manage
from tests.factories import VerifiedUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD

PROXY = "10.0.0.1"
TOO_MANY = "Too many failed login attempts"


def sign_in(client, email: str, password: str, *, forwarded_for: str):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.fixture
def one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


@pytest.mark.django_db
def test_one_clients_failures_leave_another_client_free_to_sign_in(client, one_proxy):
    for n in range(10):
        sign_in(client, f"guess{n}@example.com", "wrong", forwarded_for="203.0.113.7")
    user = VerifiedUserFactory()

    response = sign_in(client, user.email, DEFAULT_PASSWORD, forwarded_for="198.51.100.20")

    assert TOO_MANY not in response.content.decode()
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_the_limited_client_itself_stays_limited(client, one_proxy):
    for n in range(10):
        sign_in(client, f"guess{n}@example.com", "wrong", forwarded_for="203.0.113.7")
    user = VerifiedUserFactory()

    response = sign_in(client, user.email, DEFAULT_PASSWORD, forwarded_for="203.0.113.7")

    assert TOO_MANY in response.content.decode()


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_header_does_not_change_the_address(client, one_proxy):
    # The client writes a new address in each request; the proxy appends the real one.
    for n in range(10):
        sign_in(client, f"guess{n}@example.com", "wrong", forwarded_for=f"192.0.2.{n}, 203.0.113.7")
    user = VerifiedUserFactory()

    response = sign_in(
        client, user.email, DEFAULT_PASSWORD, forwarded_for="198.51.100.99, 203.0.113.7"
    )

    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_without_the_setting_a_forwarded_for_header_is_not_trusted(client):
    for n in range(10):
        sign_in(client, f"guess{n}@example.com", "wrong", forwarded_for=f"192.0.2.{n}")
    user = VerifiedUserFactory()

    response = sign_in(client, user.email, DEFAULT_PASSWORD, forwarded_for="198.51.100.20")

    # No proxy configured: the address is REMOTE_ADDR, whatever the header says.
    assert TOO_MANY in response.content.decode()


@pytest.mark.django_db
def test_a_trusted_client_ip_header_names_the_client(client, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    for n in range(10):
        client.post(
            reverse("account_login"),
            {"login": f"guess{n}@example.com", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_REAL_IP="203.0.113.7",
        )
    user = VerifiedUserFactory()

    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_REAL_IP="198.51.100.20",
    )

    assert client.session["_auth_user_id"] == str(user.pk), response.content.decode()[:300]


def test_production_warns_when_the_client_address_source_is_not_set():
    env = {k: v for k, v in PRODUCTION_ENVIRONMENT.items() if k != "TRUSTED_PROXY_COUNT"}
    result = run_manage("check", profile="production", extra_env=env)
    assert result.returncode == 0, result.stderr
    assert "TRUSTED_PROXY_COUNT" in result.stderr


def test_production_is_quiet_once_the_proxy_count_is_set():
    result = run_manage("check", profile="production", extra_env=PRODUCTION_ENVIRONMENT)
    assert result.returncode == 0, result.stderr
    assert "TRUSTED_PROXY_COUNT" not in result.stderr


@pytest.mark.django_db
def test_the_waitlist_limit_counts_per_client_behind_the_proxy(client, one_proxy):
    """The project's own limit (cms/rate_limits.py) keys on the same client address."""
    from tests.payments.waitlist_support import sold_out_cohort

    full = sold_out_cohort(slug="may-2027")
    url = f"/payments/waitlist/classes/{full.slug}/"

    def join(n: int, forwarded_for: str):
        return client.post(
            url,
            {"email": f"person{n}@example.com"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    for n in range(10):
        assert join(n, f"192.0.2.{n}, 203.0.113.7").status_code == 201
    assert join(10, "192.0.2.99, 203.0.113.7").status_code == 429  # spoofing does not help

    assert join(11, "198.51.100.20").status_code == 201  # another client is not locked out
