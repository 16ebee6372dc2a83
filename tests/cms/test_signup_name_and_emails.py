"""Sign-up asks for a name; the account emails greet by it, name the school from settings and
come with an HTML part in the school's layout."""

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories import VerifiedUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def sign_up(client, **fields):
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "password1": DEFAULT_PASSWORD,
        "password2": DEFAULT_PASSWORD,
        **fields,
    }
    return client.post(reverse("account_signup"), data)


def html_part(message) -> str:
    return next(content for content, mime in message.alternatives if mime == "text/html")


def test_the_sign_up_form_asks_for_a_name(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="first_name"' in page and 'autocomplete="given-name"' in page
    assert 'name="last_name"' in page


def test_sign_up_without_a_name_is_refused_with_a_clear_error(client):
    response = sign_up(client, first_name="   ")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode() or "Enter your first name." in (
        response.content.decode()
    )
    assert not get_user_model().objects.exists()


def test_the_name_is_stored_on_the_account(client):
    sign_up(client, first_name="  Ada ", last_name="King  Lovelace")
    user = get_user_model().objects.get(email="ada@example.com")
    assert (user.first_name, user.last_name) == ("Ada", "King Lovelace")


@override_settings(WAGTAIL_SITE_NAME="Product Institute", SITE_URL="https://school.example")
def test_the_verification_email_greets_by_name_and_names_the_school(client):
    sign_up(client)
    (message,) = mail.outbox
    assert message.subject.endswith("Confirm your email address for Product Institute")
    assert message.body.startswith("Hello Ada,")
    assert "Product Institute" in message.body
    assert "example.com!" not in message.body and "Hello from" not in message.body
    html = html_part(message)
    assert "<p>Hello Ada,</p>" in html
    assert "Confirm my email address" in html and "/accounts/confirm-email/" in html
    assert "https://school.example" in html


@override_settings(WAGTAIL_SITE_NAME="Product Institute")
def test_the_password_reset_email_greets_by_name_with_an_html_button(client):
    VerifiedUserFactory(email="grace@example.com", first_name="Grace")
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": "grace@example.com"})
    (message,) = mail.outbox
    assert message.subject.endswith("Reset your Product Institute password")
    assert message.body.startswith("Hello Grace,")
    assert "/accounts/password/reset/key/" in message.body
    html = html_part(message)
    assert "Hello Grace," in html and "Choose a new password" in html
    assert "Product Institute" in html


@override_settings(WAGTAIL_SITE_NAME="Product Institute")
def test_an_email_allauth_ships_as_text_only_gets_the_school_layout(client):
    # Someone signs up with an address that already has an account: allauth sends its
    # "account already exists" text; it gets our greeting, our sign-off and our HTML layout.
    VerifiedUserFactory(email="taken@example.com", first_name="Tess")
    mail.outbox.clear()
    sign_up(client, email="taken@example.com")
    (message,) = mail.outbox
    assert "The Product Institute team" in message.body
    assert "example.com!" not in message.body
    html = html_part(message)
    assert "Product Institute" in html and "<!DOCTYPE html>" in html


def test_app_sign_up_asks_for_a_first_name_and_stores_the_name(client):
    payload = {"email": "ada@example.com", "password": DEFAULT_PASSWORD}
    refused = client.post("/_allauth/app/v1/auth/signup", payload, content_type="application/json")

    assert refused.status_code == 400
    assert refused.json()["errors"][0]["param"] == "first_name"
    assert not get_user_model().objects.exists()

    client.post(
        "/_allauth/app/v1/auth/signup",
        {**payload, "first_name": "Ada", "last_name": "Lovelace"},
        content_type="application/json",
    )
    user = get_user_model().objects.get()
    assert (user.first_name, user.last_name) == ("Ada", "Lovelace")
