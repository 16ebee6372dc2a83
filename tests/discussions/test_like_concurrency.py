"""One person's concurrent likes of one post count once (PostgreSQL, real threads)."""

import pytest

from django.db import connection

from community.discussions.models import Post, PostLike
from community.discussions.services import post_like, thread_create
from tests.concurrency import run_in_threads

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and real threads"
    ),
]


def test_concurrent_likes_by_one_user_count_once(school):
    thread = thread_create(
        author=school.users["student"], cohort=school.current, lesson=school.lesson1,
        title="Like me", body="Once",
    )  # fmt: skip
    post = thread.posts.get()
    liker = school.users["classmate"]
    results = run_in_threads(lambda _: post_like(user=liker, post=post), count=8)
    assert sorted(results, key=str) == sorted([True] + [False] * 7, key=str)
    post.refresh_from_db()
    assert post.like_count == 1
    assert PostLike.objects.filter(post=post, user=liker).count() == 1
    assert Post.objects.get(pk=post.pk).like_count == PostLike.objects.filter(post=post).count()
