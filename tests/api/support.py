"""Helpers of the API tests: an app session token from allauth's headless app API."""

from django.test import Client

from tests.factories.accounts import DEFAULT_PASSWORD

APP_LOGIN = "/_allauth/app/v1/auth/login"

ERROR_KEYS = {"status", "code", "detail", "field", "errors"}


def app_session_token(user, *, client: Client | None = None) -> str:
    """Sign ``user`` in as an app would and return the ``session_token`` it gets."""
    client = client or Client()
    response = client.post(
        APP_LOGIN,
        {"email": user.email, "password": DEFAULT_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    """The API's one error shape (cms/api_errors.py), as JSON, with the given status."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) >= ERROR_KEYS, body
    assert body["status"] == status
    assert body["detail"], body
    if code is not None:
        assert body["code"] == code, body
    return body
