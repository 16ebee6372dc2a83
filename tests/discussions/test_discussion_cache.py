"""A class's discussion page is remembered under the class's discussion version, and every
write is seen on the next request; nothing personal (a follow, a like, a post held for
moderation) or moderator-only (a hidden thread) ever comes from the remembered page. A
student's rendered page is remembered for them alone, under the same version."""

import datetime as dt
import re

import pytest

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from community.discussions.models import Post
from community.discussions.services import (
    post_like,
    post_moderate,
    post_reply,
    thread_create,
    thread_follow,
    thread_moderate,
)
from community.discussions.versions import discussion_version

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def lesson_html(client, school) -> str:
    response = client.get(school.lesson1.url)
    assert response.status_code == 200
    return response.content.decode()


def class_discussion_html(client, school) -> str:
    """The class's discussion page, where coaches (who have no lesson access) read it."""
    url = f"/discussions/classes/{school.current.pk}/lessons/{school.lesson1.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def start(school, user, title: str, body: str = "Opening words"):
    return thread_create(
        author=user, cohort=school.current, lesson=school.lesson1, title=title, body=body
    )


def test_a_new_thread_and_reply_are_seen_on_the_next_request(school):
    reader = client_for(school.users["student"])
    start(school, school.users["classmate"], "Before the cache")
    assert "Before the cache" in lesson_html(reader, school)  # remembered now
    version = discussion_version(school.current.pk)
    thread = start(school, school.users["classmate"], "After the cache")
    assert discussion_version(school.current.pk) != version
    assert "After the cache" in lesson_html(reader, school)
    post_reply(author=school.users["classmate"], thread=thread, body="A fresh reply")
    assert "A fresh reply" in lesson_html(reader, school)


def test_likes_and_follows_are_the_readers_own(school):
    thread = start(school, school.users["classmate"], "Likes")
    opening = thread.posts.get()
    student, classmate = client_for(school.users["student"]), client_for(school.users["classmate"])
    assert "0 likes" in lesson_html(student, school)
    post_like(user=school.users["student"], post=opening)
    html = lesson_html(student, school)
    assert "1 like" in html and ">Unlike</button>" in html
    # The classmate reads the same remembered page, with their own (absent) like.
    other = lesson_html(classmate, school)
    assert "1 like" in other and ">Unlike</button>" not in other
    # The author follows their thread; the student does not until they ask.
    assert ">Unfollow</button>" in other
    assert ">Unfollow</button>" not in lesson_html(student, school)
    thread_follow(user=school.users["student"], thread=thread, follow=True)
    assert ">Unfollow</button>" in lesson_html(student, school)


def test_a_held_post_shows_only_to_its_author_and_the_coach(school):
    thread = start(school, school.users["classmate"], "Held")
    student = client_for(school.users["student"])
    lesson_html(student, school)  # the class's page is remembered
    held = post_reply(  # a link holds a post for a moderator
        author=school.users["student"], thread=thread, body="Awaiting a moderator https://x.test"
    )
    assert held.status == Post.Status.PENDING
    assert "Awaiting a moderator" in lesson_html(student, school)
    assert "Awaiting a moderator" not in lesson_html(client_for(school.users["classmate"]), school)
    coach = client_for(school.users["coach"])
    assert "Awaiting a moderator" in class_discussion_html(coach, school)
    post_moderate(moderator=school.users["coach"], post=held, publish=True)
    assert "Awaiting a moderator" in lesson_html(client_for(school.users["classmate"]), school)


def test_a_hidden_thread_leaves_the_students_page_but_not_the_coachs(school):
    thread = start(school, school.users["classmate"], "Soon hidden")
    student, coach = client_for(school.users["student"]), client_for(school.users["coach"])
    assert "Soon hidden" in lesson_html(student, school)
    thread_moderate(moderator=school.users["coach"], thread=thread, hidden=True)
    assert "Soon hidden" not in lesson_html(student, school)
    assert "Soon hidden" in class_discussion_html(coach, school)
    # The coach's page is read whole, never stored where the student's comes from.
    assert "Soon hidden" not in lesson_html(student, school)


def test_another_class_never_reads_this_class_page(school):
    start(school, school.users["classmate"], "Current class only")
    assert "Current class only" in lesson_html(client_for(school.users["student"]), school)
    assert "Current class only" not in lesson_html(client_for(school.users["other_class"]), school)


def test_a_lost_version_starts_afresh(school):
    reader = client_for(school.users["student"])
    start(school, school.users["classmate"], "First")
    lesson_html(reader, school)
    cache.clear()  # an evicted or flushed cache: the version goes with the pages
    start(school, school.users["classmate"], "Second")
    html = lesson_html(reader, school)
    assert "First" in html and "Second" in html


def test_a_readers_rendered_page_is_remembered_for_them_alone(school):
    """The second view of an unchanged discussion renders nothing and reads no discussion
    row; after a change the page is read once for the class, and each reader then reads
    only their own marks (one query) to render theirs."""
    for n in range(3):
        thread = start(school, school.users["classmate"], f"Thread {n}")
        post_reply(author=school.users["transferred"], thread=thread, body=f"Reply {n}")
    reader = client_for(school.users["student"])
    lesson_html(reader, school)
    with CaptureQueriesContext(connection) as queries:
        html = lesson_html(reader, school)
    assert "Thread 2" in html
    assert [q["sql"] for q in queries if "discussions_" in q["sql"]] == []

    post_like(user=school.users["transferred"], post=Post.objects.first())  # a new version
    lesson_html(client_for(school.users["classmate"]), school)  # reads the class's page
    with CaptureQueriesContext(connection) as queries:
        lesson_html(reader, school)  # renders afresh from it, with the reader's own marks
    discussion = [q["sql"] for q in queries if "discussions_" in q["sql"]]
    assert len(discussion) == 1, discussion
    assert "UNION ALL" in discussion[0]


def test_one_readers_likes_follows_and_own_posts_never_show_on_anothers_page(school):
    student, classmate = school.users["student"], school.users["classmate"]
    thread = start(school, classmate, "Whose buttons")
    mine = post_reply(author=student, thread=thread, body="My own reply")
    reader, other = client_for(student), client_for(classmate)
    lesson_html(reader, school), lesson_html(other, school)  # both remembered

    post_like(user=student, post=thread.posts.first())
    thread_follow(user=student, thread=thread, follow=False)  # the author follows by default
    thread_follow(user=student, thread=thread)

    html = lesson_html(reader, school)
    assert "Unlike" in html and "Unfollow" in html
    assert f"/discussions/posts/{mine.pk}/edit/" in html  # my reply, still editable
    html = lesson_html(other, school)
    assert "Unlike" not in html
    assert f"/discussions/posts/{mine.pk}/edit/" not in html
    assert f"/discussions/posts/{mine.pk}/report/" in html


def test_a_follow_alone_is_seen_on_the_next_view(school):
    thread = start(school, school.users["classmate"], "Worth following")
    reader = client_for(school.users["student"])
    assert "Unfollow" not in lesson_html(reader, school)
    thread_follow(user=school.users["student"], thread=thread)
    assert "Unfollow" in lesson_html(reader, school)


def test_a_rendered_page_lives_no_longer_than_the_readers_edit_window(school, settings):
    from community.discussions.panel import _reader_seconds
    from community.discussions.selectors import SHARED_PAGE_SECONDS, discussion_page
    from courses.selectors.access import DiscussionAccess

    student = school.users["student"]
    thread = start(school, school.users["classmate"], "Timing")
    mine = post_reply(author=student, thread=thread, body="Mine")
    rights = DiscussionAccess(can_read=True, can_post=True, reason="granted")
    page = discussion_page(
        cohort=school.current, lesson=school.lesson1, viewer=student, access=rights
    )
    window = dt.timedelta(minutes=settings.DISCUSSION_EDIT_MINUTES)

    assert _reader_seconds(page, user=student, now=mine.created_at) == SHARED_PAGE_SECONDS
    almost = mine.created_at + window - dt.timedelta(seconds=42)
    assert 41 <= _reader_seconds(page, user=student, now=almost) <= 42
    assert _reader_seconds(page, user=school.users["other_class"], now=almost) == (
        SHARED_PAGE_SECONDS
    )
    closing = mine.created_at + window - dt.timedelta(milliseconds=300)
    assert _reader_seconds(page, user=student, now=closing) == 0  # not remembered at all


def test_a_remembered_page_carries_a_fresh_csrf_token_that_works(school):
    thread = start(school, school.users["classmate"], "Token please")
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(school.users["student"])
    tokens = []
    for _ in range(2):  # rendered, then remembered
        html = lesson_html(reader, school)
        tokens.append(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert tokens[1] and all(len(token) == 64 for token in tokens[1])  # no placeholder left
    assert not set(tokens[0]) & set(tokens[1])  # masked anew for each response

    response = reader.post(
        f"/discussions/threads/{thread.pk}/reply/",
        {"body": "Posted from the remembered page", "csrfmiddlewaretoken": tokens[1][0]},
    )
    assert response.status_code == 302
    assert "Posted from the remembered page" in lesson_html(reader, school)
