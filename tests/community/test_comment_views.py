"""POST /community/pages/<id>/comments/: what a reader gets back for each kind of post."""

import pytest

from django.urls import reverse

from community.models import Comment
from tests.factories import CommentablePageFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def post_url(page) -> str:
    return reverse("community:comment_post", args=[page.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_anonymous_post_is_sent_to_sign_in_and_back_to_the_page(client, page):
    response = client.post(post_url(page), {"body": "Hello"})

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={page.url}"
    assert not Comment.objects.exists()


def test_a_live_comment_redirects_to_it_with_a_message(client, page, reader):
    client.force_login(reader)

    response = client.post(post_url(page), {"body": "Outcomes over output."})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{page.url}#comment-{comment.pk}"
    assert messages_of(response) == ["Your comment is live."]
    assert comment.status == Comment.Status.PUBLISHED


def test_a_held_comment_says_it_awaits_moderation_and_why(client, page):
    newcomer = UserFactory()
    client.force_login(newcomer)

    response = client.post(post_url(page), {"body": "Read https://example.com"})

    assert response.status_code == 302
    assert messages_of(response) == [
        "Your comment is awaiting moderation because it contains a link and your account "
        "is new. An editor will review it soon; until then only you can see it."
    ]
    page_html = client.get(response.url).content.decode()
    assert "Awaiting moderation" in page_html and "https://example.com" in page_html


def test_a_reply_lands_under_its_parent(client, page, reader):
    parent = CommentFactory(page=page)
    client.force_login(reader)

    client.post(post_url(page), {"body": "Agreed.", "parent": parent.pk})

    assert Comment.objects.get(parent=parent).body == "Agreed."


def test_an_empty_comment_shows_the_page_again_with_the_error(client, page, reader):
    client.force_login(reader)

    response = client.post(post_url(page), {"body": "   "})

    assert response.status_code == 400
    html = response.content.decode()
    assert page.title in html
    assert "Write something before posting your comment." in html
    assert 'aria-invalid="true"' in html
    assert not Comment.objects.exists()


def test_a_too_long_comment_keeps_the_text_to_shorten(client, page, reader):
    client.force_login(reader)
    long_text = " ".join(["word"] * 700)

    response = client.post(post_url(page), {"body": long_text})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep your comment under 3,000 characters (it has 3,499)." in html
    assert f"{long_text}</textarea>" in html


def test_an_error_in_a_reply_shows_under_that_comment_with_the_text(client, page, reader):
    parent = CommentFactory(page=page)
    client.force_login(reader)

    response = client.post(post_url(page), {"body": "", "parent": parent.pk})

    html = response.content.decode()
    reply_form = html[html.index(f'id="comment-{parent.pk}"') :]
    assert '<details class="comment-reply" open>' in reply_form
    assert "Write something before posting your comment." in reply_form


def test_a_reply_to_a_vanished_comment_keeps_the_text_on_the_main_form(client, page, reader):
    client.force_login(reader)

    response = client.post(post_url(page), {"body": "My reply", "parent": 999999})

    assert response.status_code == 400
    html = response.content.decode()
    assert "The comment you replied to is no longer available." in html
    assert 'id="comment-body-new"' in html and "My reply</textarea>" in html


def test_page_that_takes_no_comments_is_not_found(client, reader, settings):
    settings.COMMUNITY_COMMENT_PAGE_TYPES = ["cms.articlepage"]
    page = CommentablePageFactory()
    client.force_login(reader)

    assert client.post(post_url(page), {"body": "Hello"}).status_code == 404


def test_unknown_page_is_not_found(client, reader):
    client.force_login(reader)

    response = client.post(reverse("community:comment_post", args=[987654]), {"body": "x"})

    assert response.status_code == 404


def test_get_is_not_allowed(client, page, reader):
    client.force_login(reader)

    assert client.get(post_url(page)).status_code == 405
