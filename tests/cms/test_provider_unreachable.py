"""Signing in with Google or LinkedIn while their servers cannot be reached (issue 12, item 5).

The providers are configured against a closed local port: the network fails for real (a
refused connection), the project's code is not mocked.
"""

import socket
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.socialaccount.providers.google.views import GoogleOAuth2Adapter

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_port() -> str:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there any more: connections are refused
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def providers(settings, closed_port, monkeypatch):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "google": {"APPS": [{"client_id": "google-id", "secret": "s"}], "SCOPE": ["email"]},
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "linkedin",
                    "name": "LinkedIn",
                    "client_id": "linkedin-id",
                    "secret": "s",
                    "settings": {"server_url": f"{closed_port}/oauth"},
                }
            ]
        },
    }
    # Google's token endpoint is a constant of allauth's adapter: point it at the closed port.
    monkeypatch.setattr(GoogleOAuth2Adapter, "access_token_url", f"{closed_port}/token")


def assert_unreachable_page(response, provider_name: str) -> None:
    assert response.status_code == 503
    body = response.content.decode()
    assert f"{provider_name} cannot be reached right now" in body
    assert "/accounts/login/" in body  # the way in that still works


def test_linkedin_unreachable_when_the_sign_in_starts(client, providers):
    client.raise_request_exception = False

    response = client.post("/accounts/oidc/linkedin/login/")

    assert_unreachable_page(response, "LinkedIn")


def test_google_unreachable_when_it_sends_the_person_back(client, providers):
    started = client.post("/accounts/google/login/")
    state = parse_qs(urlparse(started["Location"]).query)["state"][0]
    client.raise_request_exception = False

    response = client.get("/accounts/google/login/callback/", {"state": state, "code": "c"})

    assert_unreachable_page(response, "Google")


def test_both_providers_are_offered_once_configured(client, providers):
    body = client.get("/accounts/login/").content.decode()
    assert "Google" in body and "LinkedIn" in body


def test_no_provider_is_offered_unless_configured(client):
    body = client.get("/accounts/login/").content.decode()
    assert "Google" not in body and "LinkedIn" not in body
