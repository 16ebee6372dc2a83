"""Cached copies of a page for anonymous readers are dropped when its visible comments change."""

import pytest

from cms.page_cache import page_cache_generation
from community.services import comment_approve, comment_create, comment_reject

pytestmark = pytest.mark.django_db


def test_publishing_approving_and_rejecting_purge_the_page(
    page, reader, editor, django_capture_on_commit_callbacks
):
    generations = [page_cache_generation(page_id=page.pk)]

    with django_capture_on_commit_callbacks(execute=True):
        live = comment_create(author=reader, page=page, body="Plain words")
    generations.append(page_cache_generation(page_id=page.pk))
    with django_capture_on_commit_callbacks(execute=True):
        comment_reject(comment=live, moderator=editor)
    generations.append(page_cache_generation(page_id=page.pk))
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=live, moderator=editor)
    generations.append(page_cache_generation(page_id=page.pk))

    assert len(set(generations)) == 4


def test_a_held_comment_leaves_the_cached_page_alone(
    page, reader, django_capture_on_commit_callbacks
):
    before = page_cache_generation(page_id=page.pk)

    with django_capture_on_commit_callbacks(execute=True):
        comment_create(author=reader, page=page, body="More at https://example.com")

    assert page_cache_generation(page_id=page.pk) == before
