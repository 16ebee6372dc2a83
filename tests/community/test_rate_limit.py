"""The comment rate limit: 5 per person in a 10-minute window, refused with a clear answer.

The window opens at a person's first comment (cms/rate_limits.py)."""

from datetime import timedelta

import pytest
import time_machine

from django.urls import reverse
from django.utils import timezone

from cms.rate_limits import RateLimited
from community.models import Comment
from community.services import comment_create
from tests.factories import CommentablePageFactory

pytestmark = pytest.mark.django_db


START = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=1)


def at(minutes: float):
    """Freeze the clock ``minutes`` after a fixed start (accounts are older than that)."""
    return time_machine.travel(START + timedelta(minutes=minutes), tick=False)


def post_five(author, page):
    for n in range(5):
        comment_create(author=author, page=page, body=f"Thought number {n}")


def test_sixth_comment_in_ten_minutes_is_refused_and_not_written(page, reader):
    with at(0):
        post_five(reader, page)

    with (
        at(3),
        pytest.raises(RateLimited) as refused,
    ):
        comment_create(author=reader, page=page, body="One more thing")

    assert refused.value.message == "You're commenting too fast; try again in 7 minutes."
    assert Comment.objects.filter(author=reader).count() == 5


def test_a_comment_is_allowed_again_once_the_window_of_the_first_closes(page, reader):
    for minute in range(5):
        with at(minute):
            comment_create(author=reader, page=page, body=f"Minute {minute}")

    with at(9.5):
        with pytest.raises(RateLimited) as refused:
            comment_create(author=reader, page=page, body="Too soon")
        assert "try again in 1 minute." in refused.value.message

    with at(10 + 1 / 60):
        comment_create(author=reader, page=page, body="Now it is fine")

    assert Comment.objects.filter(author=reader).count() == 6


def test_the_limit_is_per_person_and_across_pages(reader, other_reader):
    first, second = CommentablePageFactory(), CommentablePageFactory()
    for n in range(5):
        comment_create(author=reader, page=first if n % 2 else second, body=f"Point {n}")

    with pytest.raises(RateLimited):
        comment_create(author=reader, page=second, body="Another page, same person")
    comment_create(author=other_reader, page=first, body="Someone else")


def test_held_comments_count_towards_the_limit(page, reader):
    for n in range(5):
        held = comment_create(author=reader, page=page, body=f"See https://example.com/{n}")
        assert held.status == Comment.Status.PENDING

    with pytest.raises(RateLimited):
        comment_create(author=reader, page=page, body="Plain text this time")


def test_posting_over_the_limit_answers_429_with_the_message_and_keeps_the_text(
    client, page, reader
):
    post_five(reader, page)
    client.force_login(reader)

    response = client.post(
        reverse("community:comment_post", args=[page.pk]),
        {"body": "The text I do not want to lose"},
    )

    assert response.status_code == 429
    assert 590 <= int(response["Retry-After"]) <= 600
    html = response.content.decode()
    assert "You&#x27;re commenting too fast; try again in 10 minutes." in html
    assert "The text I do not want to lose</textarea>" in html
    assert Comment.objects.filter(author=reader).count() == 5
