"""Posting rules: Markdown made safe, the shared hold rule, length and rate limits, editing,
likes, moderation (issue 15 items 1 and 6)."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cms.rate_limits import RateLimited
from community.discussions.models import POST_MAX_LENGTH, Post, PostReport
from community.discussions.rendering import post_body_html
from community.discussions.services import (
    post_delete,
    post_edit,
    post_like,
    post_mark_answer,
    post_moderate,
    post_reply,
    post_report,
    thread_create,
    thread_moderate,
)
from community.moderation import HELD_FOR_LINK, HELD_FOR_NEW_ACCOUNT
from community.services import comment_held_reasons
from tests.factories import EnrollmentFactory, UserFactory


def start(school, who="student", **kwargs):
    defaults = {"title": "What is a PM?", "body": "Let's discuss."}
    return thread_create(
        author=school.users[who], cohort=school.current, lesson=school.lesson1,
        **{**defaults, **kwargs},
    )  # fmt: skip


PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '<div style="x" onmouseover="alert(1)">hi</div>',
    "<javascript:alert(1)>",
    "![x](x)",
]


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.elements:
        assert tag not in ("script", "img", "svg", "iframe", "object", "style"), tag
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:")), href


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_come_out_inert(payload):
    assert_inert(post_body_html(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_inert_on_the_page(client, school, payload):
    start(school, who="coach", body=payload)  # a coach's post is published at once
    client.force_login(school.users["student"])
    html = client.get(school.lesson1.url).content.decode()
    bodies = re.findall(r'<div class="post-body">(.*?)</div>', html, re.S)
    assert len(bodies) == 1
    assert_inert(bodies[0])


def test_markdown_subset_renders():
    html = post_body_html("**bold** _it_ `code`\n\n- one\n- two\n\n[site](https://example.com)")
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html and "<code>code</code>" in html
    assert "<li>one</li>" in html
    assert 'href="https://example.com"' in html and 'rel="nofollow ugc noopener"' in html


def test_one_hold_rule_for_comments_and_posts(school):
    now = timezone.now()
    author = school.users["student"]
    body = "See [this](https://example.com)"
    assert comment_held_reasons(author=author, body=body, now=now) == [HELD_FOR_LINK]
    thread = start(school, body=body)
    opening = thread.posts.get()
    assert opening.status == Post.Status.PENDING and opening.held_reason == HELD_FOR_LINK


def test_new_account_is_held(school):
    newbie = EnrollmentFactory(cohort=school.current, user=UserFactory()).user
    thread = thread_create(
        author=newbie, cohort=school.current, lesson=school.lesson1, title="Hi", body="Hello all"
    )
    assert thread.posts.get().held_reason == HELD_FOR_NEW_ACCOUNT


def test_coach_publishes_links_directly(school):
    thread = start(school, who="coach", body="Read https://example.com")
    assert thread.posts.get().status == Post.Status.PUBLISHED


def test_held_post_visible_to_author_and_moderator_only(client, school):
    start(school, body="Hidden [link](https://spam.example)")
    for who, sees in (("student", True), ("classmate", False)):
        client.force_login(school.users[who])
        assert ("spam.example" in client.get(school.lesson1.url).content.decode()) == sees


def test_length_limits_have_clear_messages(school):
    with pytest.raises(ValidationError) as error:
        start(school, body="x" * (POST_MAX_LENGTH + 1))
    assert f"under {POST_MAX_LENGTH:,} characters" in str(error.value)
    with pytest.raises(ValidationError, match="title"):
        start(school, title="   ")
    with pytest.raises(ValidationError, match="Write something"):
        start(school, body="  ")
    with pytest.raises(ValidationError, match="moment"):
        start(school, moment="soon")


def test_rate_limit_per_user(school, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "discussion_post": "3/10m"}
    for _ in range(3):
        start(school)
    with pytest.raises(RateLimited):
        start(school)
    assert school.current.discussion_threads.count() == 3
    start(school, who="classmate")  # another person is not limited by the first


def test_rate_limited_view_says_when(client, school, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "discussion_post": "1/10m"}
    client.force_login(school.users["student"])
    url = f"/discussions/classes/{school.current.pk}/lessons/{school.lesson1.pk}/threads/"
    assert client.post(url, {"title": "A", "body": "b"}).status_code == 302
    response = client.post(url, {"title": "A", "body": "b"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "too fast" in response.content.decode()


def test_edit_own_post_within_window(school):
    thread = start(school)
    post = thread.posts.get()
    post_edit(user=school.users["student"], post=post, body="Edited", moment=12)
    post.refresh_from_db()
    assert post.body == "Edited" and post.moment == 12 and post.edited_at
    with pytest.raises(PermissionDenied):
        post_edit(user=school.users["classmate"], post=post, body="Not mine")
    later = timezone.now() + dt.timedelta(minutes=16)
    with pytest.raises(PermissionDenied, match="15 minutes"):
        post_edit(user=school.users["student"], post=post, body="Too late", now=later)


def test_delete_own_post(school):
    thread = start(school)
    post = thread.posts.get()
    with pytest.raises(PermissionDenied):
        post_delete(user=school.users["classmate"], post=post)
    post_delete(user=school.users["student"], post=post)
    post.refresh_from_db()
    assert post.status == Post.Status.DELETED and post.body == ""


def test_like_once(school):
    post = start(school).posts.get()
    assert post_like(user=school.users["classmate"], post=post) is True
    assert post_like(user=school.users["classmate"], post=post) is False
    post.refresh_from_db()
    assert post.like_count == 1


def test_moderation_by_coach_only(school):
    thread = start(school)
    reply = post_reply(author=school.users["classmate"], thread=thread, body="An answer")
    for action in (
        lambda u: thread_moderate(moderator=u, thread=thread, pinned=True),
        lambda u: post_mark_answer(moderator=u, post=reply),
    ):
        with pytest.raises(PermissionDenied):
            action(school.users["student"])
        action(school.users["coach"])
    thread.refresh_from_db()
    reply.refresh_from_db()
    assert thread.pinned and thread.answered and reply.is_answer
    thread_moderate(moderator=school.users["coach"], thread=thread, closed=True)
    with pytest.raises(PermissionDenied, match="closed"):
        post_reply(author=school.users["student"], thread=thread, body="More")


def test_report_goes_to_queue_and_hiding_resolves_it(school):
    post = start(school).posts.get()
    post_report(user=school.users["classmate"], post=post, reason="Off topic")
    post_report(user=school.users["classmate"], post=post, reason="Again")
    assert PostReport.objects.filter(resolved_at__isnull=True).count() == 1
    post_moderate(moderator=school.users["staff"], post=post, publish=False)
    post.refresh_from_db()
    assert post.status == Post.Status.HIDDEN
    assert not PostReport.objects.filter(resolved_at__isnull=True).exists()
