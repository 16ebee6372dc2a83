"""The discussions API (issue 15 item 8): every endpoint, the access matrix's API column, the
error shape, rate limits, inert payloads and the thread list's query count."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.discussions.models import (
    Notification,
    Post,
    PostLike,
    PostReport,
    Thread,
    ThreadFollow,
)
from community.discussions.services import post_reply, thread_create
from tests.api.support import app_session_token, assert_error_shape

from .test_access_matrix import MATRIX


def _threads_url(school, cohort="current", lesson="lesson1") -> str:
    cohort, lesson = getattr(school, cohort), getattr(school, lesson)
    return f"/api/v1/discussions/classes/{cohort.pk}/lessons/{lesson.pk}/threads/"


def _as(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _post_json(client, url, data=None, **extra):
    return client.post(url, data or {}, content_type="application/json", **extra)


def _start(school, who="student", *, cohort="current", lesson="lesson1", body="Opening words"):
    return thread_create(
        author=school.users[who], cohort=getattr(school, cohort), lesson=getattr(school, lesson),
        title="A question", body=body,
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate-limit-free counters and unread counts between tests
    yield
    cache.clear()


# --- The access matrix: the API column ----------------------------------------------------


@pytest.mark.parametrize(("who", "cohort", "lesson", "read", "post"), MATRIX)
def test_api_reads_only_where_the_policy_allows(school, who, cohort, lesson, read, post):
    starter = "coach" if cohort == "current" else "staff"
    thread = _start(school, starter, cohort=cohort, lesson=lesson, body="The class's words")
    client = _as(school.users[who])
    listing = client.get(_threads_url(school, cohort, lesson))
    detail = client.get(f"/api/v1/discussions/threads/{thread.pk}/")
    if who == "anonymous":
        assert_error_shape(listing, 401, "not_authenticated")
        assert_error_shape(detail, 401, "not_authenticated")
    elif read:
        assert listing.status_code == 200, listing.content
        body = listing.json()
        assert body["threads"][0]["posts"][0]["body"] == "The class's words"
        assert body["access"]["can_post"] == post
        assert detail.status_code == 200
        assert detail.json()["posts"][0]["body_html"] == "<p>The class's words</p>"
    else:
        refused = assert_error_shape(listing, 403, "permission_denied")
        assert "The class's words" not in listing.content.decode()
        assert refused["detail"]  # the policy's sentence
        assert_error_shape(detail, 403, "permission_denied")


@pytest.mark.parametrize(("who", "cohort", "lesson", "read", "post"), MATRIX)
def test_api_posts_only_where_the_policy_allows(school, who, cohort, lesson, read, post):
    client = _as(school.users[who])
    response = _post_json(
        client, _threads_url(school, cohort, lesson), {"title": "Hi", "body": "My question"}
    )
    if who == "anonymous":
        assert_error_shape(response, 401, "not_authenticated")
    elif post:
        assert response.status_code == 201, response.content
        assert response.json()["posts"][0]["body"] == "My question"
    else:
        assert_error_shape(response, 403, "permission_denied")
    assert Thread.objects.count() == (1 if post else 0)


@pytest.mark.parametrize(("who", "cohort", "read", "post"), [
    ("transferred", "other", True, False),  # old class: reads, cannot reply
    ("transferred", "current", True, True),  # new class: replies
    ("refunded", "current", False, False),
    ("other_class", "current", False, False),
])  # fmt: skip
def test_api_replies_follow_the_policy(school, who, cohort, read, post):
    thread = _start(school, "staff" if cohort == "other" else "coach", cohort=cohort)
    client = _as(school.users[who])
    response = _post_json(
        client, f"/api/v1/discussions/threads/{thread.pk}/posts/", {"body": "A reply"}
    )
    if post:
        assert response.status_code == 201, response.content
    else:
        assert_error_shape(response, 403, "permission_denied")
        assert thread.posts.count() == 1
    follow = _post_json(client, f"/api/v1/discussions/threads/{thread.pk}/follow/")
    assert follow.status_code == (200 if read else 403)


def test_app_session_token_authenticates(school):
    student = school.users["student"]
    EmailAddress.objects.create(user=student, email=student.email, verified=True, primary=True)
    token = app_session_token(student)
    response = Client().get(_threads_url(school), HTTP_X_SESSION_TOKEN=token)
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "private, no-store"


def test_unknown_class_or_lesson_is_404(school):
    client = _as(school.users["student"])
    url = f"/api/v1/discussions/classes/999999/lessons/{school.lesson1.pk}/threads/"
    assert_error_shape(client.get(url), 404, "not_found")
    assert_error_shape(client.get("/api/v1/discussions/threads/999999/"), 404, "not_found")
    assert_error_shape(client.get("/api/v1/discussions/posts/999999/"), 404, "not_found")


# --- Threads, pagination, moments ------------------------------------------------------------


def test_thread_list_pages_and_around(school, settings):
    settings.DISCUSSION_THREADS_PER_PAGE = 2
    for index in range(3):
        thread_create(
            author=school.users["student"], cohort=school.current, lesson=school.lesson1,
            title=f"T{index}", body="Words", moment=100 * index,
        )  # fmt: skip
    client = _as(school.users["classmate"])
    first = client.get(_threads_url(school)).json()
    assert [t["title"] for t in first["threads"]] == ["T2", "T1"]
    assert (first["has_next"], first["has_previous"], first["moments"]) == (
        True, False, [0.0, 100.0, 200.0],
    )  # fmt: skip
    second = client.get(_threads_url(school) + "?page=2").json()
    assert [t["title"] for t in second["threads"]] == ["T0"]
    assert (second["has_next"], second["has_previous"]) == (False, True)
    around = client.get(_threads_url(school) + "?around=110").json()
    assert [t["title"] for t in around["threads"]] == ["T1"]
    assert around["around"] == 110.0


@pytest.mark.parametrize(("query", "field"), [
    ("around=soon", "around"), ("around=-5", "around"), ("around=nan", "around"),
    ("page=0", "page"), ("page=two", "page"),
])  # fmt: skip
def test_thread_list_bad_query_names_the_field(school, query, field):
    response = _as(school.users["student"]).get(f"{_threads_url(school)}?{query}")
    assert assert_error_shape(response, 400, "invalid")["field"] == field


def test_create_thread_from_the_prompt_with_a_moment(school):
    client = _as(school.users["student"])
    response = _post_json(
        client,
        _threads_url(school),
        {"title": "  Why  *this*? ", "body": "At the cue", "moment": 192, "from_prompt": True},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["from_prompt"], body["followed"]) == ("Why *this*?", True, True)
    opening = body["posts"][0]
    assert (opening["moment"], opening["moment_label"], opening["status"]) == (
        192.0, "3:12", "published",
    )  # fmt: skip
    assert opening["editable"] is True and opening["editable_until"]


@pytest.mark.parametrize(("data", "field"), [
    ({"title": "", "body": "Words"}, "title"),
    ({"title": "T" * 141, "body": "Words"}, "title"),
    ({"title": "T", "body": "   "}, "body"),
    ({"title": "T", "body": "x" * 5001}, "body"),
    ({"title": "T", "body": "Words", "moment": -1}, "moment"),
    ({"title": "T", "body": "Words", "moment": "soon"}, "moment"),
    ({"title": "T"}, "body"),
])  # fmt: skip
def test_create_thread_bad_input_names_the_field(school, data, field):
    response = _post_json(_as(school.users["student"]), _threads_url(school), data)
    body = assert_error_shape(response, 400, "invalid")
    assert body["field"] == field, body
    assert not Thread.objects.exists() and not Post.objects.exists()


def test_held_post_is_shown_to_its_author_only(school, settings):
    student = school.users["student"]
    response = _post_json(
        _as(student), _threads_url(school), {"title": "Link", "body": "See https://example.com"}
    )
    assert response.status_code == 201
    post = response.json()["posts"][0]
    assert post["status"] == "pending" and post["held_reason"]
    classmate = _as(school.users["classmate"])
    assert classmate.get(f"/api/v1/discussions/posts/{post['id']}/").status_code == 404
    coach = _as(school.users["coach"])
    assert coach.get(f"/api/v1/discussions/posts/{post['id']}/").status_code == 200


# --- Replies, edit, delete ----------------------------------------------------------------------


def test_reply_edit_and_delete_own(school):
    thread = _start(school)
    opening = thread.posts.get()
    classmate = _as(school.users["classmate"])
    response = _post_json(
        classmate,
        f"/api/v1/discussions/threads/{thread.pk}/posts/",
        {"body": "I think so", "reply_to": opening.pk, "moment": 30},
    )
    assert response.status_code == 201, response.content
    reply = response.json()
    assert (reply["reply_to"], reply["moment_label"]) == (opening.pk, "0:30")
    assert Notification.objects.filter(
        recipient=school.users["student"], post_id=reply["id"], reason="reply"
    ).exists()

    url = f"/api/v1/discussions/posts/{reply['id']}/"
    edited = classmate.patch(url, {"body": "I *know* so"}, content_type="application/json")
    assert edited.status_code == 200, edited.content
    assert edited.json()["body_html"] == "<p>I <em>know</em> so</p>"
    assert edited.json()["moment"] == 30.0 and edited.json()["edited_at"]

    student = _as(school.users["student"])
    other = student.patch(url, {"body": "Mine now"}, content_type="application/json")
    assert_error_shape(other, 403, "permission_denied")
    assert_error_shape(student.delete(url), 403, "permission_denied")

    deleted = classmate.delete(url)
    assert deleted.status_code == 200
    assert (deleted.json()["status"], deleted.json()["body"]) == ("deleted", "")
    assert Post.objects.get(pk=reply["id"]).status == Post.Status.DELETED


def test_edit_window_closes_after_15_minutes(school):
    thread = _start(school)
    post = thread.posts.get()
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - dt.timedelta(minutes=16))
    client = _as(school.users["student"])
    url = f"/api/v1/discussions/posts/{post.pk}/"
    assert client.get(url).json()["editable"] is False
    response = client.patch(url, {"body": "Late"}, content_type="application/json")
    assert "15 minutes" in assert_error_shape(response, 403, "permission_denied")["detail"]
    assert Post.objects.get(pk=post.pk).body == "Opening words"


def test_reply_to_a_post_of_another_thread_is_refused(school):
    first, second = _start(school), _start(school, "classmate")
    response = _post_json(
        _as(school.users["student"]),
        f"/api/v1/discussions/threads/{first.pk}/posts/",
        {"body": "Wrong", "reply_to": second.posts.get().pk},
    )
    assert assert_error_shape(response, 400, "invalid")["field"] == "reply_to"


def test_closed_thread_takes_no_replies_from_students(school):
    thread = _start(school)
    coach = _as(school.users["coach"])
    closed = _post_json(coach, f"/api/v1/discussions/threads/{thread.pk}/moderate/",
                        {"closed": True})  # fmt: skip
    assert closed.status_code == 200 and closed.json()["closed"] is True
    response = _post_json(
        _as(school.users["classmate"]),
        f"/api/v1/discussions/threads/{thread.pk}/posts/",
        {"body": "Too late"},
    )
    assert_error_shape(response, 403, "permission_denied")


# --- Likes and follows ---------------------------------------------------------------------


def test_like_once_and_unlike(school):
    post = _start(school).posts.get()
    client = _as(school.users["classmate"])
    url = f"/api/v1/discussions/posts/{post.pk}/like/"
    for _ in range(3):
        response = _post_json(client, url)
        assert response.json() == {"liked": True, "like_count": 1}
    assert PostLike.objects.filter(post=post).count() == 1
    assert client.get(f"/api/v1/discussions/posts/{post.pk}/").json()["liked"] is True
    assert client.delete(url).json() == {"liked": False, "like_count": 0}
    assert client.delete(url).json() == {"liked": False, "like_count": 0}


def test_follow_and_unfollow(school):
    thread = _start(school)
    classmate = school.users["classmate"]
    client = _as(classmate)
    url = f"/api/v1/discussions/threads/{thread.pk}/follow/"
    assert _post_json(client, url).json() == {"followed": True}
    assert client.get(f"/api/v1/discussions/threads/{thread.pk}/").json()["followed"] is True
    post_reply(author=school.users["student"], thread=thread, body="News")
    assert Notification.objects.filter(recipient=classmate, reason="followed").count() == 1
    assert client.delete(url).json() == {"followed": False}
    assert not ThreadFollow.objects.filter(thread=thread, user=classmate).exists()


# --- Moderation -----------------------------------------------------------------------------


def test_moderation_is_for_coaches_and_staff(school):
    thread = _start(school)
    reply = post_reply(author=school.users["classmate"], thread=thread, body="The answer")
    student = _as(school.users["student"])
    for url, data in [
        (f"/api/v1/discussions/threads/{thread.pk}/moderate/", {"pinned": True}),
        (f"/api/v1/discussions/posts/{reply.pk}/answer/", None),
        (f"/api/v1/discussions/posts/{reply.pk}/moderate/", {"action": "hide"}),
    ]:
        assert_error_shape(_post_json(student, url, data), 403, "permission_denied")
    thread.refresh_from_db()
    assert not thread.pinned and not Post.objects.get(pk=reply.pk).is_answer

    coach = _as(school.users["coach"])
    pinned = _post_json(coach, f"/api/v1/discussions/threads/{thread.pk}/moderate/",
                        {"pinned": True})  # fmt: skip
    assert pinned.json()["pinned"] is True and pinned.json()["closed"] is False
    answer = _post_json(coach, f"/api/v1/discussions/posts/{reply.pk}/answer/")
    assert answer.status_code == 200 and answer.json()["is_answer"] is True
    assert Thread.objects.get(pk=thread.pk).answered
    assert Notification.objects.filter(recipient=school.users["student"], reason="answer").exists()
    unmarked = coach.delete(f"/api/v1/discussions/posts/{reply.pk}/answer/")
    assert unmarked.json()["is_answer"] is False

    hidden = _post_json(coach, f"/api/v1/discussions/threads/{thread.pk}/moderate/",
                        {"hidden": True})  # fmt: skip
    assert hidden.json()["hidden"] is True
    assert_error_shape(student.get(f"/api/v1/discussions/threads/{thread.pk}/"), 404)
    assert student.get(_threads_url(school)).json()["threads"] == []
    assert coach.get(f"/api/v1/discussions/threads/{thread.pk}/").status_code == 200


def test_moderator_hides_and_publishes_posts(school):
    thread = _start(school)
    reply = post_reply(author=school.users["classmate"], thread=thread, body="Rude words")
    coach = _as(school.users["staff"])
    url = f"/api/v1/discussions/posts/{reply.pk}/moderate/"
    bad = _post_json(coach, url, {"action": "delete"})
    assert assert_error_shape(bad, 400, "invalid")["field"] == "action"
    assert _post_json(coach, url, {"action": "hide"}).json()["status"] == "hidden"
    # Hidden: no longer shown in the thread, to anyone.
    assert_error_shape(coach.get(f"/api/v1/discussions/posts/{reply.pk}/"), 404)
    held = _post_json(
        _as(school.users["classmate"]),
        f"/api/v1/discussions/threads/{thread.pk}/posts/",
        {"body": "See https://example.com"},
    ).json()
    assert held["status"] == "pending"
    published = _post_json(
        coach, f"/api/v1/discussions/posts/{held['id']}/moderate/", {"action": "publish"}
    )
    assert published.json()["status"] == "published"


def test_report_a_post(school):
    post = _start(school).posts.get()
    client = _as(school.users["classmate"])
    url = f"/api/v1/discussions/posts/{post.pk}/report/"
    response = _post_json(client, url, {"reason": "Off topic"})
    assert response.status_code == 201 and response.json()["reason"] == "Off topic"
    again = _post_json(client, url, {"reason": "Still"})
    assert again.json()["id"] == response.json()["id"]
    assert PostReport.objects.filter(post=post).count() == 1
    too_long = _post_json(client, url, {"reason": "x" * 501})
    assert assert_error_shape(too_long, 400, "invalid")["field"] == "reason"
    outsider = _as(school.users["other_class"])
    assert_error_shape(_post_json(outsider, url, {}), 403, "permission_denied")


# --- Rate limits -------------------------------------------------------------------------------


def test_posting_too_fast_is_429_with_retry_after(school, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "discussion_post": "2/10m"}
    client = _as(school.users["student"])
    for index in range(2):
        created = _post_json(client, _threads_url(school), {"title": f"T{index}", "body": "B"})
        assert created.status_code == 201
    refused = _post_json(client, _threads_url(school), {"title": "T3", "body": "B"})
    body = assert_error_shape(refused, 429, "rate_limited")
    assert int(refused["Retry-After"]) == body["retry_after"] > 0
    assert Thread.objects.count() == 2


def test_liking_too_fast_is_429(school, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "discussion_like": "1/10m"}
    first, second = _start(school).posts.get(), _start(school, "coach").posts.get()
    client = _as(school.users["classmate"])
    assert _post_json(client, f"/api/v1/discussions/posts/{first.pk}/like/").status_code == 200
    refused = _post_json(client, f"/api/v1/discussions/posts/{second.pk}/like/")
    assert_error_shape(refused, 429, "rate_limited")
    assert refused["Retry-After"]
    assert not PostLike.objects.filter(post=second).exists()


# --- Inert payloads -------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
]


def _tags(html: str) -> list[tuple[str, list]]:
    """The elements a browser would build from ``html`` (escaped text makes none)."""
    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collect().feed(html)
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_come_out_inert_in_body_html(school, payload):
    client = _as(school.users["coach"])  # trusted: published at once, even with a link
    response = _post_json(client, _threads_url(school), {"title": "XSS", "body": payload})
    assert response.status_code == 201, response.content
    listed = client.get(_threads_url(school)).json()["threads"][0]["posts"][0]
    tags = _tags(listed["body_html"])
    assert {tag for tag, _ in tags} <= {"p", "a"}, tags
    for _, attrs in tags:
        for name, value in attrs:
            assert name in ("href", "rel"), attrs
            assert not (value or "").lower().strip().startswith("javascript"), attrs
    assert listed["body"] == payload  # the text as written, as JSON text


# --- Query count -------------------------------------------------------------------------------


def _grow(school, threads: int, replies: int):
    people = [school.users["student"], school.users["classmate"], school.users["transferred"]]
    for t in range(threads):
        thread = Thread.objects.create(
            cohort=school.current, lesson=school.lesson1, author=people[t % 3], title=f"T{t}"
        )
        opening = Post.objects.create(thread=thread, author=people[t % 3], body="Open", moment=t)
        for r in range(replies):
            reply = Post.objects.create(
                thread=thread, author=people[r % 3], body=f"*Reply* {r}", reply_to=opening
            )
            PostLike.objects.create(post=reply, user=school.users["student"])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_thread_list_query_count_same_at_1x_and_10x(school, settings):
    settings.DISCUSSION_THREADS_PER_PAGE = 10
    client = _as(school.users["student"])
    url = _threads_url(school)
    client.get(url)  # warm the caches (lesson location, site)
    # The first read after a write builds the class's shared page again; later reads reuse it.
    _grow(school, threads=1, replies=2)
    small_cold, small_warm = _queries(client, url), _queries(client, url)
    _grow(school, threads=10, replies=20)
    big_cold, big_warm = _queries(client, url), _queries(client, url)
    assert (big_cold, big_warm) == (small_cold, small_warm)
    assert len(client.get(url).json()["threads"]) == 10


# --- Notifications -----------------------------------------------------------------------------


def test_notifications_list_unread_count_and_mark_read(school):
    student = school.users["student"]
    thread = _start(school)
    for who in ("classmate", "coach"):
        post_reply(author=school.users[who], thread=thread, body=f"From {who}")
    client = _as(student)
    listing = client.get("/api/v1/discussions/notifications/").json()
    assert listing["unread_count"] == 2
    assert [n["read"] for n in listing["results"]] == [False, False]
    assert listing["results"][0]["message"].endswith("replied to your post")
    first = listing["results"][0]["id"]

    one = _post_json(client, "/api/v1/discussions/notifications/read/", {"ids": [first]})
    assert one.json() == {"marked": 1, "unread_count": 1}
    # Someone else's notification ids change nothing.
    mine = [n["id"] for n in listing["results"]]
    other = _as(school.users["unenrolled"])
    assert _post_json(other, "/api/v1/discussions/notifications/read/", {"ids": mine}).json() == {
        "marked": 0,
        "unread_count": 0,
    }
    assert client.get("/api/v1/discussions/notifications/").json()["unread_count"] == 1
    everything = _post_json(client, "/api/v1/discussions/notifications/read/")
    assert everything.json() == {"marked": 1, "unread_count": 0}
    assert not Notification.objects.filter(recipient=student, read_at__isnull=True).exists()
    bad = _post_json(client, "/api/v1/discussions/notifications/read/", {"ids": ["x"]})
    assert assert_error_shape(bad, 400, "invalid")["field"].startswith("ids")


def test_notifications_need_sign_in():
    assert_error_shape(Client().get("/api/v1/discussions/notifications/"), 401)


def test_endpoints_are_in_the_openapi_schema(db):
    schema = Client().get("/api/v1/schema/?format=json").json()
    paths = set(schema["paths"])
    for expected in [
        "/api/v1/discussions/classes/{cohort_id}/lessons/{lesson_id}/threads/",
        "/api/v1/discussions/threads/{thread_id}/",
        "/api/v1/discussions/threads/{thread_id}/posts/",
        "/api/v1/discussions/threads/{thread_id}/follow/",
        "/api/v1/discussions/threads/{thread_id}/moderate/",
        "/api/v1/discussions/posts/{post_id}/",
        "/api/v1/discussions/posts/{post_id}/like/",
        "/api/v1/discussions/posts/{post_id}/answer/",
        "/api/v1/discussions/posts/{post_id}/moderate/",
        "/api/v1/discussions/posts/{post_id}/report/",
        "/api/v1/discussions/notifications/",
        "/api/v1/discussions/notifications/read/",
    ]:
        assert expected in paths, expected
