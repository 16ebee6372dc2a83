"""Signing up in the middle of buying brings the buyer back to the checkout with the class,
tier, seats and code they chose, through sign-up, email verification and sign-in (issue 14,
item 1). The choice is remembered in the visitor's session (``cms.account_return``)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from django.core import mail
from django.urls import reverse

from tests.factories import DiscountCodeFactory, VerifiedUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"https?://[^\s]+(/accounts/confirm-email/[^\s/]+/)")
CHOICE = {"tier": "executive", "seats": "1", "code": "APRIL17"}


@pytest.fixture
def april17(cohort):
    return DiscountCodeFactory(code="APRIL17", amount_off=10_000, cohorts=[cohort])


def pay_anonymously(client, cohort):
    return client.post(reverse("payments:buy", args=[cohort.slug]), {**CHOICE, "action": "pay"})


def assert_back_at_the_choice(client, response, cohort):
    location = urlsplit(response["Location"])
    assert location.path == reverse("payments:buy", args=[cohort.slug])
    assert {k: v[0] for k, v in parse_qs(location.query).items()} == CHOICE
    page = client.get(response["Location"]).content.decode()
    assert 'value="executive" id="id_tier_1" required checked' in page
    assert 'value="APRIL17"' in page
    assert "Discount APRIL17" in page and "Your price" in page
    assert "_auth_user_id" in client.session


def test_sign_up_verify_and_sign_in_comes_back_to_the_same_choice(client, cohort, april17):
    asked = pay_anonymously(client, cohort)
    assert asked.status_code == 302
    assert urlsplit(asked["Location"]).path == reverse("account_login")

    signed_up = client.post(
        reverse("account_signup"),
        {
            "first_name": "Nell",
            "email": "new@example.com",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )
    assert signed_up["Location"] == reverse("account_email_verification_sent")
    message = next(m for m in mail.outbox if m.to == ["new@example.com"])
    confirmed = client.post(CONFIRM_LINK.search(message.body).group(1))
    assert confirmed.status_code == 302
    signed_in = client.post(
        reverse("account_login"), {"login": "new@example.com", "password": DEFAULT_PASSWORD}
    )

    assert signed_in.status_code == 302
    assert_back_at_the_choice(client, signed_in, cohort)


def test_signing_in_straight_away_comes_back_to_the_same_choice(client, cohort, april17):
    VerifiedUserFactory(email="known@example.com")
    asked = pay_anonymously(client, cohort)

    signed_in = client.post(
        asked["Location"], {"login": "known@example.com", "password": DEFAULT_PASSWORD}
    )

    assert_back_at_the_choice(client, signed_in, cohort)


def test_the_remembered_choice_is_used_once(client, cohort, april17):
    VerifiedUserFactory(email="known@example.com")
    pay_anonymously(client, cohort)
    client.post(
        reverse("account_login"), {"login": "known@example.com", "password": DEFAULT_PASSWORD}
    )
    client.post(reverse("account_logout"))

    again = client.post(
        reverse("account_login"), {"login": "known@example.com", "password": DEFAULT_PASSWORD}
    )

    assert again["Location"] == "/dashboard/"


def test_a_place_off_the_site_is_never_remembered(rf):
    from django.contrib.sessions.backends.db import SessionStore

    from cms.account_return import account_return_pop, account_return_remember

    request = rf.get("/")
    request.session = SessionStore()
    account_return_remember(request, url="https://evil.example/steal")
    assert account_return_pop(request) == ""
    account_return_remember(request, url="/payments/buy/april-2027/?seats=1")
    assert account_return_pop(request) == "/payments/buy/april-2027/?seats=1"
    assert account_return_pop(request) == ""
