"""The lesson page's discussion costs the same number of queries at 1x and 10x posts."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.discussions.models import Post, PostLike, Thread


def _grow(school, threads: int, replies: int):
    people = [school.users["student"], school.users["classmate"], school.users["transferred"]]
    for t in range(threads):
        thread = Thread.objects.create(
            cohort=school.current, lesson=school.lesson1, author=people[t % 3], title=f"T{t}"
        )
        opening = Post.objects.create(
            thread=thread, author=people[t % 3], body="**Open**", moment=t
        )
        for r in range(replies):
            reply = Post.objects.create(
                thread=thread, author=people[r % 3], body=f"Reply {r}", reply_to=opening
            )
            PostLike.objects.create(post=reply, user=school.users["student"])


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["lesson", "class_discussion"])
def test_same_query_count_at_1x_and_10x(client, school, settings, page, rendering):
    settings.DISCUSSION_THREADS_PER_PAGE = 10
    client.force_login(school.users["student"])
    url = (
        school.lesson1.url
        if page == "lesson"
        else f"/discussions/classes/{school.current.pk}/lessons/{school.lesson1.pk}/"
    )
    _grow(school, threads=2, replies=2)
    client.get(url)  # warm caches (page location memo, site root)
    _grow(school, threads=1, replies=1)  # a write: the class's remembered page is stale
    small_after_write, small = _count(client, url), _count(client, url)
    _grow(school, threads=20, replies=20)
    big_after_write, big = _count(client, url), _count(client, url)
    # The first reader after a write reads the class's page; the next ones only their marks.
    assert (big_after_write, big) == (small_after_write, small)
    html = client.get(url).content.decode()
    assert "Page 1" in html and "discussion_page=2" in html
