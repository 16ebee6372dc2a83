"""Staff and editors need a second factor before the admin (issue 12, item 6)."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from django.urls import reverse

from tests.factories import VerifiedUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

ADMINS = ["/admin/", "/django-admin/"]


@pytest.fixture
def mfa_required(settings):
    settings.STAFF_MFA_REQUIRED = True


@pytest.fixture
def staff():
    return VerifiedUserFactory(is_staff=True, is_superuser=True)


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]  # the middle one: now
    return format_hotp_value(hotp_value(secret, counter))


def with_authenticator(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.mark.parametrize("admin_url", ADMINS)
def test_staff_without_mfa_cannot_open_the_admin(client, mfa_required, staff, admin_url):
    client.force_login(staff)

    response = client.get(admin_url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert f"next={admin_url.replace('/', '%2F')}" in response["Location"]


def test_an_editor_without_mfa_cannot_open_the_wagtail_admin(client, mfa_required):
    from django.contrib.auth.models import Permission

    editor = VerifiedUserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize("admin_url", ADMINS)
def test_a_password_only_session_is_asked_for_a_code(client, mfa_required, staff, admin_url):
    with_authenticator(staff)
    # The admin's own sign-in form checks the password only.
    client.post(f"{admin_url}login/", {"username": staff.email, "password": DEFAULT_PASSWORD})
    assert client.session["_auth_user_id"] == str(staff.pk)

    response = client.get(admin_url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


@pytest.mark.parametrize("admin_url", ADMINS)
def test_staff_signed_in_with_a_code_open_the_admin(client, mfa_required, staff, admin_url):
    secret = with_authenticator(staff)
    signed_in = client.post(
        reverse("account_login"), {"login": staff.email, "password": DEFAULT_PASSWORD}
    )
    assert signed_in["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    response = client.get(admin_url)

    assert response.status_code == 200


def test_the_code_asked_for_after_a_password_only_sign_in_opens_the_admin(
    client, mfa_required, staff
):
    secret = with_authenticator(staff)
    client.post("/admin/login/", {"username": staff.email, "password": DEFAULT_PASSWORD})

    client.post(reverse("mfa_reauthenticate"), {"code": current_code(secret)})

    assert client.get("/admin/").status_code == 200


def test_the_admin_sign_in_page_stays_open(client, mfa_required):
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/django-admin/login/").status_code == 200


def test_students_are_not_asked(client, mfa_required):
    client.force_login(VerifiedUserFactory())
    assert client.get("/admin/").status_code == 302
    assert "mfa" not in client.get("/admin/")["Location"]


def test_the_setting_relaxes_the_rule(client, settings, staff):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_it_is_on_unless_a_profile_turns_it_off():
    from cms.settings import base

    assert base.STAFF_MFA_REQUIRED is True
