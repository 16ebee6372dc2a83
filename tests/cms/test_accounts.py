"""Accounts over HTTP: sign-up, mandatory verification, sign-in, sign-out, and the limits."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import VerifiedUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"https?://[^\s]+/accounts/confirm-email/[^\s/]+/")


def sign_up(client, email: str, password: str = DEFAULT_PASSWORD):
    return client.post(
        reverse("account_signup"),
        {"first_name": "Ada", "email": email, "password1": password, "password2": password},
    )


def confirmation_link(email: str) -> str:
    message = next(m for m in mail.outbox if email in m.to)
    return CONFIRM_LINK.search(message.body).group(0)


def sign_in(client, email: str, password: str = DEFAULT_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_signup_requires_verification_before_sign_in(client):
    response = sign_up(client, "new.student@example.com")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert get_user_model().objects.filter(email="new.student@example.com").exists()
    assert "_auth_user_id" not in client.session
    # Signing in before confirming only re-sends the verification page.
    response = sign_in(client, "new.student@example.com")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_verified_student_signs_in_and_out(client):
    sign_up(client, "new.student@example.com")
    link = confirmation_link("new.student@example.com")
    path = link.split("://", 1)[1].split("/", 1)[1]

    assert client.get(f"/{path}").status_code == 200  # confirmation asks for a POST
    confirmed = client.post(f"/{path}")
    assert confirmed.status_code == 302

    signed_in = sign_in(client, "new.student@example.com")
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"]

    signed_out = client.post(reverse("account_logout"))
    assert signed_out.status_code == 302
    assert "_auth_user_id" not in client.session


def test_signup_with_taken_email_does_not_reveal_the_account(client):
    VerifiedUserFactory(email="taken@example.com")
    mail.outbox.clear()

    response = sign_up(client, "taken@example.com")

    # Same answer as a fresh sign-up; the owner of the address is told by email instead.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert get_user_model().objects.filter(email="taken@example.com").count() == 1
    assert [m.to for m in mail.outbox] == [["taken@example.com"]]


def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    VerifiedUserFactory(email="known@example.com")
    url = reverse("account_reset_password")

    known = client.post(url, {"email": "known@example.com"})
    unknown = client.post(url, {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    # The known address gets a reset link; the unknown one a note that no account exists.
    known_mail = next(m for m in mail.outbox if m.to == ["known@example.com"])
    unknown_mail = next(m for m in mail.outbox if m.to == ["nobody@example.com"])
    assert "/accounts/password/reset/key/" in known_mail.body
    assert "/accounts/password/reset/key/" not in unknown_mail.body


def test_failed_logins_per_address_are_limited(client):
    user = VerifiedUserFactory()
    for _ in range(5):
        response = sign_in(client, user.email, "wrong-password")
        assert response.status_code == 200
        assert "not correct" in response.content.decode()

    refused = sign_in(client, user.email, DEFAULT_PASSWORD)

    # Even the right password is refused until the window passes.
    assert "Too many failed login attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_logins_per_ip_are_limited_across_addresses(client):
    for n in range(10):
        sign_in(client, f"guess{n}@example.com", "wrong-password")
    user = VerifiedUserFactory()

    refused = sign_in(client, user.email, DEFAULT_PASSWORD)

    # Ten failures from one address lock the door for everyone signing in from it.
    assert "Too many failed login attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("login_url", "next_url"),
    [("/admin/login/", "/admin/"), ("/django-admin/login/", "/django-admin/")],
)
def test_admin_logins_share_the_failed_login_limit(client, login_url, next_url):
    staff = VerifiedUserFactory(is_staff=True, is_superuser=True)
    for _ in range(5):
        response = client.post(
            login_url, {"username": staff.email, "password": "wrong", "next": next_url}
        )
        assert response.status_code == 200

    refused = client.post(
        login_url, {"username": staff.email, "password": DEFAULT_PASSWORD, "next": next_url}
    )

    assert refused.status_code == 200
    assert "Too many failed login attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("login_url", ["/admin/login/", "/django-admin/login/"])
def test_admin_login_accepts_staff_with_the_right_password(client, login_url):
    staff = VerifiedUserFactory(is_staff=True, is_superuser=True)

    response = client.post(login_url, {"username": staff.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_mfa_totp_is_offered_to_signed_in_users(client):
    user = VerifiedUserFactory()
    sign_in(client, user.email)
    activate = reverse("mfa_activate_totp")

    # Turning on two-factor asks for the password again first.
    assert reverse("account_reauthenticate") in client.get(activate)["Location"]
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    response = client.get(activate)

    assert response.status_code == 200
    assert "data:image/svg+xml" in response.content.decode()  # the QR code to scan
    assert 'id="authenticator_secret"' in response.content.decode()
