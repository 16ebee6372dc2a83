"""One person's concurrent likes through the API count once (PostgreSQL, real threads)."""

import pytest

from django.db import connection
from django.test import Client

from community.discussions.models import Post, PostLike
from community.discussions.services import thread_create
from tests.concurrency import run_in_threads

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real threads"
    ),
]


def test_concurrent_api_likes_by_one_user_count_once(school):
    thread = thread_create(
        author=school.users["student"], cohort=school.current, lesson=school.lesson1,
        title="Like me", body="Once",
    )  # fmt: skip
    post = thread.posts.get()
    liker = school.users["classmate"]
    url = f"/api/v1/discussions/posts/{post.pk}/like/"

    def like(_):
        client = Client()
        client.force_login(liker)
        response = client.post(url, content_type="application/json")
        return response.status_code, response.json()

    results = run_in_threads(like, count=8)
    assert all(not isinstance(result, Exception) for result in results), results
    assert {status for status, _ in results} == {200}
    assert all(body["liked"] is True for _, body in results)
    assert PostLike.objects.filter(post=post, user=liker).count() == 1
    assert Post.objects.get(pk=post.pk).like_count == 1
