"""The rate limit holds when one person's posts arrive in parallel (PostgreSQL, real threads)."""

import threading

import pytest

from django.db import connection
from django.test import Client
from django.urls import reverse

from community.models import Comment
from tests.conftest import requires_postgres
from tests.factories import CommentablePageFactory, CommenterFactory

PARALLEL_POSTS = 12


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_posts_from_one_person_stop_at_the_limit(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment_post": "5/10m"}
    page = CommentablePageFactory()
    reader = CommenterFactory()
    url = reverse("community:comment_post", args=[page.pk])
    clients = []
    for _ in range(PARALLEL_POSTS):
        client = Client()
        client.force_login(reader)
        clients.append(client)
    start = threading.Barrier(PARALLEL_POSTS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def post(n: int, client: Client) -> None:
        try:
            start.wait()
            statuses.append(client.post(url, {"body": f"Parallel thought {n}"}).status_code)
        except BaseException as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n, client)) for n, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(statuses) == [302] * 5 + [429] * (PARALLEL_POSTS - 5)
    assert Comment.objects.filter(author=reader).count() == 5
