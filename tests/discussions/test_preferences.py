"""The discussion email choice lives on the email preferences page and in its API
(``courses.preference_fields``, issue 15 item 4); the old form redirects there; unsubscribe
links keep working."""

import pytest

from django.test import Client

from community.discussions.emails import unsubscribe_token
from community.discussions.models import DiscussionPreference
from courses.models import NotificationPreference
from courses.preference_fields import preference_fields_registered
from courses.tokens import preferences_token
from tests.api.support import assert_error_shape
from tests.factories import UserFactory

API = "/api/v1/me/notifications/"


@pytest.fixture
def person(db):
    return UserFactory()


@pytest.fixture
def client_in(person):
    client = Client()
    client.force_login(person)
    return client


def _choice(person):
    row = DiscussionPreference.objects.filter(user=person).first()
    return (row.delivery, row.digest_hour, row.timezone) if row else None


def test_discussions_register_their_fields():
    names = [form.__name__ for form in preference_fields_registered()]
    assert "DiscussionPreferenceFields" in names


def test_preferences_page_shows_and_saves_the_discussion_choice(client_in, person):
    html = client_in.get("/notifications/").content.decode()
    assert 'id="discussions"' in html
    assert 'name="discussion_delivery" value="immediate"' in html
    assert "Emails about discussions" in html

    response = client_in.post(
        "/notifications/",
        {
            "mode": "digest",
            "discussion_delivery": "digest",
            "discussion_digest_hour": "7",
            "discussion_timezone": "Europe/Berlin",
        },
    )
    assert response.status_code == 302
    assert _choice(person) == ("digest", 7, "Europe/Berlin")
    assert NotificationPreference.objects.get(user=person).mode == "digest"
    html = client_in.get("/notifications/").content.decode()
    assert 'value="digest" checked' in html or 'value="digest"\n' in html
    assert 'value="Europe/Berlin"' in html


def test_preferences_page_refuses_a_bad_time_zone_and_saves_nothing(client_in, person):
    response = client_in.post(
        "/notifications/",
        {
            "mode": "none",
            "discussion_delivery": "off",
            "discussion_digest_hour": "25",
            "discussion_timezone": "Mars/Olympus",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Use a time zone name such as Europe/Berlin" in html
    assert "Nothing was saved" in html
    assert _choice(person) is None
    assert not NotificationPreference.objects.filter(user=person).exists()


def test_signed_preferences_link_shows_the_discussion_choice(person):
    token = preferences_token(user_id=person.pk)
    html = Client().get(f"/notifications/{token}/").content.decode()
    assert 'name="discussion_delivery"' in html


def test_api_round_trip(client_in, person):
    body = client_in.get(API).json()
    assert body == {
        "mode": "each",
        "discussion_delivery": "immediate",
        "discussion_digest_hour": 18,
        "discussion_timezone": "UTC",
    }
    response = client_in.put(
        API,
        {
            "mode": "none",
            "discussion_delivery": "digest",
            "discussion_digest_hour": 6,
            "discussion_timezone": "America/New_York",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["discussion_delivery"] == "digest"
    assert _choice(person) == ("digest", 6, "America/New_York")
    # What the page shows is what the API set.
    html = client_in.get("/notifications/").content.decode()
    assert 'value="America/New_York"' in html
    # A PUT with only the new-week mode keeps the discussion choice.
    client_in.put(API, {"mode": "each"}, content_type="application/json")
    assert _choice(person) == ("digest", 6, "America/New_York")


@pytest.mark.parametrize(("data", "field"), [
    ({"discussion_timezone": "Mars/Olympus"}, "discussion_timezone"),
    ({"discussion_delivery": "hourly"}, "discussion_delivery"),
    ({"discussion_digest_hour": 24}, "discussion_digest_hour"),
])  # fmt: skip
def test_api_bad_value_names_the_field_and_saves_nothing(client_in, person, data, field):
    response = client_in.put(API, {"mode": "none", **data}, content_type="application/json")
    assert assert_error_shape(response, 400, "invalid")["field"] == field
    assert _choice(person) is None
    assert not NotificationPreference.objects.filter(user=person).exists()


def test_old_discussion_form_redirects_to_the_preferences_page(client_in, person):
    response = client_in.post(
        "/discussions/notifications/",
        {"delivery": "off", "digest_hour": "18", "timezone": "UTC"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/notifications/#discussions"
    assert _choice(person) is None
    page = client_in.get("/discussions/notifications/").content.decode()
    assert 'href="/notifications/#discussions"' in page
    assert 'name="delivery"' not in page


def test_unsubscribe_link_still_turns_discussion_emails_off(client_in, person):
    url = f"/discussions/unsubscribe/{unsubscribe_token(user_id=person.pk)}/"
    assert Client().get(url).status_code == 200
    done = Client().post(url)
    assert done.status_code == 200
    assert 'href="/notifications/#discussions"' in done.content.decode()
    assert _choice(person)[0] == "off"
    assert client_in.get(API).json()["discussion_delivery"] == "off"


def test_a_post_without_the_discussion_fields_keeps_the_discussion_choice(client_in, person):
    fields = {
        "mode": "digest",
        "discussion_delivery": "digest",
        "discussion_digest_hour": "7",
        "discussion_timezone": "Europe/Berlin",
    }
    assert client_in.post("/notifications/", fields).status_code == 302

    # A page (or client) that only knows the release emails changes only those.
    response = client_in.post("/notifications/", {"mode": "none"})

    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=person).mode == "none"
    assert _choice(person) == ("digest", 7, "Europe/Berlin")


def test_a_post_with_a_bad_discussion_value_saves_nothing(client_in, person):
    response = client_in.post(
        "/notifications/", {"mode": "none", "discussion_delivery": "carrier-pigeon"}
    )

    assert response.status_code == 400
    assert not NotificationPreference.objects.filter(user=person).exists()
    assert _choice(person) is None
