"""Anonymous readers get cached editorial pages; publishing purges what shows the page."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpResponse
from django.test import RequestFactory

from wagtail.models import PageViewRestriction

from cms.page_cache import HEADER, page_cache_lookup, page_cache_mark_request, page_cache_store
from tests.factories import ArticlePageFactory, SpotlightPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def publish_title(page, title):
    page.title = title
    page.save_revision().publish()


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    client, article_index, django_assert_num_queries
):
    article = ArticlePageFactory(parent=article_index, title="Outcomes over output")
    first = get(client, article.url)

    with django_assert_num_queries(0):
        second = get(client, article.url)

    assert first[HEADER] == "miss" and second[HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("page_kind", ["article index", "spotlight", "spotlight index"])
def test_indexes_and_spotlights_are_cached_too(client, article_index, spotlight_index, page_kind):
    url = {
        "article index": article_index.url,
        "spotlight": SpotlightPageFactory(parent=spotlight_index).url,
        "spotlight index": spotlight_index.url,
    }[page_kind]
    get(client, url)

    assert get(client, url)[HEADER] == "hit"


def test_publishing_the_page_purges_its_cached_copy(
    client, article_index, django_capture_on_commit_callbacks
):
    article = ArticlePageFactory(parent=article_index, title="First title")
    get(client, article.url)

    with django_capture_on_commit_callbacks(execute=True):
        publish_title(article, "Second title")

    response = get(client, article.url)
    assert response[HEADER] == "miss"
    assert "Second title" in response.content.decode()


def test_the_purge_waits_for_the_commit(client, article_index, django_capture_on_commit_callbacks):
    article = ArticlePageFactory(parent=article_index, title="First title")
    get(client, article.url)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_title(article, "Second title")
        still_cached = get(client, article.url)

    assert still_cached[HEADER] == "hit" and callbacks
    for callback in callbacks:
        callback()
    assert get(client, article.url)[HEADER] == "miss"


def test_publishing_an_article_purges_the_index_and_its_siblings_in_every_variant(
    client, article_index, django_capture_on_commit_callbacks
):
    sibling = ArticlePageFactory(parent=article_index, title="Sibling", tags=["kata"])
    for params in ({}, {"tag": "kata"}, {"page": "1"}):
        get(client, article_index.url, **params)
    get(client, sibling.url)

    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(parent=article_index, title="A new kata article", tags=["kata"])

    for params in ({}, {"tag": "kata"}, {"page": "1"}):
        response = get(client, article_index.url, **params)
        assert response[HEADER] == "miss", params
        assert "A new kata article" in response.content.decode()
    related = get(client, sibling.url)
    assert related[HEADER] == "miss" and "A new kata article" in related.content.decode()


def test_unpublishing_or_deleting_purges_the_page_and_its_index(
    client, article_index, django_capture_on_commit_callbacks
):
    leaving = ArticlePageFactory(parent=article_index, title="Leaving soon")
    deleted = ArticlePageFactory(parent=article_index, title="Deleted soon")
    for url in (leaving.url, deleted.url, article_index.url):
        get(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        leaving.unpublish()
        deleted.delete()

    assert client.get(leaving.url).status_code == 404
    assert client.get(deleted.url).status_code == 404
    index_html = get(client, article_index.url).content.decode()
    assert "Leaving soon" not in index_html and "Deleted soon" not in index_html


def test_moving_an_article_purges_the_index_it_left(
    client, article_index, django_capture_on_commit_callbacks
):
    from tests.factories import ArticleIndexPageFactory

    other_index = ArticleIndexPageFactory(slug="more-articles")
    article = ArticlePageFactory(parent=article_index, title="Moving article")
    get(client, article_index.url)

    with django_capture_on_commit_callbacks(execute=True):
        article.move(other_index, pos="last-child")

    assert "Moving article" not in get(client, article_index.url).content.decode()


def test_signed_in_readers_are_neither_served_nor_stored(client, article_index):
    article = ArticlePageFactory(parent=article_index)
    get(client, article.url)  # an anonymous copy exists
    client.force_login(UserFactory())

    signed_in = get(client, article.url)

    assert HEADER not in signed_in
    assert "Sign out" in signed_in.content.decode()
    client.logout()
    anonymous = get(client, article.url)
    assert anonymous[HEADER] == "hit" and "Sign out" not in anonymous.content.decode()


def test_cached_pages_hold_no_csrf_token_and_set_no_cookie(client, article_index):
    article = ArticlePageFactory(parent=article_index)

    first = get(client, article.url)

    assert first[HEADER] == "miss"
    assert not first.cookies
    assert "csrfmiddlewaretoken" not in first.content.decode()


def anonymous_request(factory: RequestFactory, url: str):
    """A request as the middleware sees it: anonymous, with a session and message storage."""
    request = factory.get(url)
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_response_that_sets_a_cookie_or_a_csrf_token_is_not_stored(article_index):
    article = ArticlePageFactory(parent=article_index)
    factory = RequestFactory()

    for spoil in ("cookie", "csrf"):
        request = anonymous_request(factory, article.url)
        page_cache_mark_request(request=request, page=article)
        response = HttpResponse("<p>per-visitor</p>")
        if spoil == "cookie":
            response.set_cookie("csrftoken", "secret")
        else:
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True

        page_cache_store(request=request, response=response)

        assert HEADER not in response, spoil
        assert page_cache_lookup(request=request) is None, spoil


def test_a_visitor_with_a_pending_message_gets_a_fresh_page(article_index):
    article = ArticlePageFactory(parent=article_index)
    request = anonymous_request(RequestFactory(), article.url)
    page_cache_mark_request(request=request, page=article)
    page_cache_store(request=request, response=HttpResponse("<p>cached</p>"))
    assert page_cache_lookup(request=request) is not None

    get_messages(request).add(constants.SUCCESS, "Thanks for signing up")

    assert page_cache_lookup(request=request) is None


def test_unknown_query_parameters_and_searches_bypass_the_cache(client, article_index):
    for params in ({"utm_source": "newsletter"}, {"q": "kata"}):
        get(client, article_index.url, **params)
        assert HEADER not in get(client, article_index.url, **params), params


def test_pages_with_view_restrictions_are_never_cached(client, article_index):
    article = ArticlePageFactory(parent=article_index)
    PageViewRestriction.objects.create(page=article, restriction_type="login")

    response = client.get(article.url)

    assert response.status_code == 302
    assert HEADER not in response
    assert HEADER not in client.get(article.url)


def test_the_cache_can_be_turned_off(client, article_index, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = ArticlePageFactory(parent=article_index)
    get(client, article.url)

    assert HEADER not in get(client, article.url)


def test_publishing_a_page_in_the_header_menu_purges_every_cached_page(
    client, home, spotlight_index, article_index, django_capture_on_commit_callbacks
):
    spotlight = SpotlightPageFactory(parent=spotlight_index)
    get(client, spotlight.url)

    with django_capture_on_commit_callbacks(execute=True):
        article_index.title = "Writing"
        article_index.show_in_menus = True
        article_index.save_revision().publish()

    response = get(client, spotlight.url)
    assert response[HEADER] == "miss"
    assert '<a href="/articles/">Writing</a>' in response.content.decode()


class DownCache:
    """A cache server that refuses every call, as Redis does when it is down."""

    def __getattr__(self, name):
        def refuse(*args, **kwargs):
            raise ConnectionError("cache server is down")

        return refuse


def test_pages_are_served_when_the_cache_is_down(
    client, article_index, monkeypatch, django_capture_on_commit_callbacks
):
    article = ArticlePageFactory(parent=article_index, title="Still readable")
    get(client, article.url)  # cached while the cache was up
    monkeypatch.setattr("cms.page_cache.cache", DownCache())

    response = get(client, article.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish_title(article, "Still publishable")

    assert HEADER not in response and "Still readable" in response.content.decode()
    assert "Still publishable" in get(client, article.url).content.decode()
