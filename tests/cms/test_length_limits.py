"""No silent truncation: input longer than what is stored is refused, naming the limit
(issue 12, item 4)."""

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.api.support import assert_error_shape
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.factories.payments import on_sale_cohort, team_with_pool

pytestmark = pytest.mark.django_db

# A syntactically valid address (every DNS label under 64 characters) of 308 characters.
LONG_EMAIL = "a" * 60 + "@" + ("b" * 60 + ".") * 4 + "com"


def test_the_long_address_is_otherwise_valid():
    from django.core.validators import validate_email

    validate_email(LONG_EMAIL)
    assert len(LONG_EMAIL) > 300


def test_sign_up_refuses_an_address_longer_than_254_characters(client):
    response = client.post(
        reverse("account_signup"),
        {"email": LONG_EMAIL, "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD},
    )

    assert response.status_code == 200
    assert "at most 254 characters (this one has 308)" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_app_sign_up_refuses_it_too(client):
    response = client.post(
        "/_allauth/app/v1/auth/signup",
        {"email": LONG_EMAIL, "password": DEFAULT_PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "at most 254 characters" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_a_team_invitation_to_a_long_address_is_refused_naming_the_limit(client):
    team = team_with_pool(cohort=on_sale_cohort(slug="april-2027"), seats_total=2)
    client.force_login(team.owner)

    response = client.post(
        f"/api/v1/payments/teams/{team.pk}/invitations/",
        {"email": LONG_EMAIL},
        content_type="application/json",
    )

    body = assert_error_shape(response, 400, "invalid")
    assert body["field"] == "email"
    assert "254" in body["detail"]
    assert not team.invitations.exists()


def test_the_team_invite_form_refuses_it_too():
    from payments.forms import InviteForm, ReassignForm

    for form_class in (InviteForm, ReassignForm):
        form = form_class(data={"email": LONG_EMAIL})
        assert not form.is_valid()
        assert "at most 254 characters (it has 308)" in form.errors["email"][0]
