"""{% page_comments page %}: the thread a reader sees, safely rendered, in constant queries."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.template import RequestContext, Template
from django.test import RequestFactory

from community.models import Comment
from tests.factories import CommenterFactory, CommentFactory

pytestmark = pytest.mark.django_db

TAG = Template("{% load community_tags %}{% page_comments page %}")


def render(page, user) -> str:
    request = RequestFactory().get(page.url)
    request.user = user
    return TAG.render(RequestContext(request, {"page": page}))


def test_published_comments_and_replies_render_in_order(page, reader):
    first = CommentFactory(page=page, body="First thought")
    CommentFactory(page=page, body="Second thought")
    CommentFactory(page=page, parent=first, body="A reply to the first")

    html = render(page, reader)

    assert html.index("First thought") < html.index("A reply to the first")
    assert html.index("A reply to the first") < html.index("Second thought")
    assert 'class="comment-replies"' in html
    assert 'Comments <span class="comments-count">(3)</span>' in html


def test_bodies_are_escaped_and_links_are_nofollow_ugc(page, reader):
    CommentFactory(
        page=page,
        body="<script>alert(1)</script>\n\nMore at https://example.com/kata",
    )

    html = render(page, reader)

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://example.com/kata" rel="nofollow ugc">' in html
    assert "<p>More at" in html


def test_authors_are_shown_by_name_never_by_email(page, reader):
    author = CommenterFactory(first_name="Pat", last_name="Kata")
    nameless = CommenterFactory(first_name="", last_name="")
    CommentFactory(page=page, author=author)
    CommentFactory(page=page, author=nameless)

    html = render(page, reader)

    assert "Pat Kata" in html and "Institute member" in html
    assert author.email not in html and nameless.email not in html


def test_own_pending_comment_is_marked_and_others_pending_are_hidden(page, reader):
    CommentFactory(page=page, author=reader, status=Comment.Status.PENDING, body="Mine, held")
    CommentFactory(page=page, status=Comment.Status.PENDING, body="Someone else's, held")
    CommentFactory(page=page, author=reader, status=Comment.Status.REJECTED, body="Mine, gone")

    html = render(page, reader)

    assert "Mine, held" in html and "Awaiting moderation" in html
    assert "Someone else" not in html and "Mine, gone" not in html


def test_signed_in_reader_gets_the_form(page, reader):
    parent = CommentFactory(page=page)

    html = render(page, reader)

    assert f'action="/community/pages/{page.pk}/comments/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'name="parent" value="{parent.pk}"' in html


def test_anonymous_reader_gets_a_sign_in_link_and_no_form(page):
    CommentFactory(page=page, body="Visible to all")

    html = render(page, AnonymousUser())

    assert "Visible to all" in html
    assert "Sign in to comment" in html
    assert f"/accounts/login/?next={page.url.replace('/', '%2F')}%23comments" in html
    assert "<textarea" not in html


@pytest.mark.parametrize("threads", [1, 10])
def test_query_count_does_not_grow_with_the_comments(
    page, reader, threads, django_assert_num_queries
):
    for _ in range(threads):
        parent = CommentFactory(page=page, author=CommenterFactory())
        CommentFactory.create_batch(2, page=page, parent=parent, author=CommenterFactory())
        CommentFactory(page=page, author=reader, status=Comment.Status.PENDING)
    render(page, reader)  # warm per-process caches (content types) like a running site

    # thread (2) + "does the page take comments" (ancestors, view restrictions: 2)
    with django_assert_num_queries(4):
        html = render(page, reader)

    assert html.count('class="comment-card"') == threads * 4
