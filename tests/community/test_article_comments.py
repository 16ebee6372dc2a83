"""Comments on the real commentable page type, with the default settings and the page cache.

The other tests use StandardPage as a stand-in; this one checks that articles take comments
out of the box and that an anonymous reader's cached article shows an approved comment.
"""

import pytest

from django.urls import reverse

from community.models import Comment
from community.services import comment_approve
from tests.factories import ArticleIndexPageFactory, ArticlePageFactory, editorial_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(settings):
    settings.COMMUNITY_COMMENT_PAGE_TYPES = ["cms.articlepage"]  # the shipped default
    settings.PAGE_CACHE_SECONDS = 600
    index = ArticleIndexPageFactory(parent=editorial_home(), slug="articles")
    return ArticlePageFactory(parent=index, title="Product owner or product manager?")


def test_articles_take_comments_by_default(client, article, reader):
    client.force_login(reader)

    response = client.post(
        reverse("community:comment_post", args=[article.pk]), {"body": "Great read."}
    )

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{article.url}#comment-{comment.pk}"
    assert "Great read." in client.get(article.url).content.decode()


def test_anonymous_cached_article_shows_a_comment_once_approved(
    client, article, reader, editor, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    client.post(
        reverse("community:comment_post", args=[article.pk]),
        {"body": "More at https://example.com/kata"},
    )
    held = Comment.objects.get(status=Comment.Status.PENDING)
    client.logout()
    first = client.get(article.url)
    assert first["X-Page-Cache"] == "miss" and "example.com/kata" not in first.content.decode()
    assert client.get(article.url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=held, moderator=editor)

    after = client.get(article.url)
    assert after["X-Page-Cache"] == "miss"
    assert 'href="https://example.com/kata" rel="nofollow ugc"' in after.content.decode()
