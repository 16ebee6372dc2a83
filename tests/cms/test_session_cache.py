"""Sessions are read from the cache, but a cached copy outlives its database row (a sign-out
the cache missed) by at most SESSION_CACHE_SECONDS."""

import time
import warnings

import pytest

from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.base import CacheKeyWarning
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_signed_in_page_reads_its_session_from_the_cache(settings):
    client = Client()
    client.force_login(UserFactory())
    key = client.session.session_key
    store_cache = caches[settings.SESSION_CACHE_ALIAS]
    assert store_cache.get(f"django.contrib.sessions.cached_db{key}") is not None


def test_a_sign_out_the_cache_missed_lasts_at_most_the_cap(settings):
    settings.SESSION_CACHE_SECONDS = 1
    user = UserFactory()
    client = Client()
    client.force_login(user)
    assert client.get("/dashboard/").status_code == 200

    # A sign-out during a cache outage: the row is gone, the cached copy is not.
    Session.objects.all().delete()
    assert client.get("/dashboard/").status_code == 200  # still the cached copy
    time.sleep(1.5)

    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_garbled_session_cookie_is_no_session_and_never_reaches_the_cache(settings):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "8m,6-([\tO/Blag\tR'"

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response = client.get("/dashboard/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # The cache warns about any key it is asked for with such characters; it was never asked.
    assert not [w for w in caught if issubclass(w.category, CacheKeyWarning)]


def test_a_garbled_app_session_token_is_refused_without_asking_the_cache():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response = Client().get(
            "/api/v1/courses/me/cohorts/", HTTP_X_SESSION_TOKEN="course outline API"
        )

    assert response.status_code in (401, 403)
    assert not [w for w in caught if issubclass(w.category, CacheKeyWarning)]
