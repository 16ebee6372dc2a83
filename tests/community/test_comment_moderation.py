"""Moderation: what each reader sees as comments are held, approved and rejected."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from community.models import Comment
from community.selectors import comment_thread_for_page
from community.services import comment_approve, comment_create, comment_reject
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def visible_ids(page, viewer) -> set[int]:
    thread = comment_thread_for_page(page=page, viewer=viewer)
    return {c.pk for c in thread} | {r.pk for c in thread for r in c.visible_replies}


def test_held_comment_is_visible_only_to_its_author(page, reader, other_reader):
    held = comment_create(author=reader, page=page, body="More at https://example.com")

    assert held.status == Comment.Status.PENDING
    assert visible_ids(page, reader) == {held.pk}
    assert visible_ids(page, other_reader) == set()
    assert visible_ids(page, AnonymousUser()) == set()


def test_approved_comment_is_visible_to_everyone(page, reader, other_reader, editor):
    held = comment_create(author=reader, page=page, body="More at https://example.com")

    approved = comment_approve(comment=held, moderator=editor)

    assert approved.status == Comment.Status.PUBLISHED
    assert approved.moderated_by == editor and approved.moderated_at is not None
    assert visible_ids(page, other_reader) == {held.pk}
    assert visible_ids(page, AnonymousUser()) == {held.pk}


def test_rejected_comment_is_never_visible_not_even_to_its_author(page, reader, moderator):
    held = comment_create(author=reader, page=page, body="Buy now at www.spam.example")

    comment_reject(comment=held, moderator=moderator)

    held.refresh_from_db()
    assert held.status == Comment.Status.REJECTED
    assert visible_ids(page, reader) == set()
    assert visible_ids(page, AnonymousUser()) == set()


def test_rejecting_a_published_comment_takes_its_replies_down_with_it(page, reader, editor):
    parent = CommentFactory(page=page)
    CommentFactory(page=page, parent=parent)

    comment_reject(comment=parent, moderator=editor)

    assert visible_ids(page, reader) == set()


def test_own_pending_reply_shows_under_its_published_parent(page, reader, other_reader):
    parent = CommentFactory(page=page, author=other_reader)
    reply = comment_create(author=reader, page=page, body="see www.example.org", parent=parent)

    thread = comment_thread_for_page(page=page, viewer=reader)

    assert [c.pk for c in thread] == [parent.pk]
    assert [r.pk for r in thread[0].visible_replies] == [reply.pk]
    assert comment_thread_for_page(page=page, viewer=other_reader)[0].visible_replies == []


def test_approving_twice_changes_nothing_the_second_time(page, reader, editor, moderator):
    held = CommentFactory(page=page, author=reader, status=Comment.Status.PENDING)
    first = comment_approve(comment=held, moderator=editor)

    second = comment_approve(comment=held, moderator=moderator)

    assert second.moderated_by == editor
    assert second.moderated_at == first.moderated_at


def test_a_plain_reader_cannot_moderate(page, reader, other_reader):
    held = CommentFactory(page=page, author=other_reader, status=Comment.Status.PENDING)

    with pytest.raises(PermissionDenied):
        comment_approve(comment=held, moderator=reader)
    with pytest.raises(PermissionDenied):
        comment_reject(comment=held, moderator=reader)

    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_wagtail_editor_and_moderator_groups_may_moderate(wagtail_groups, group):
    permissions = set(wagtail_groups[group].permissions.values_list("codename", flat=True))

    assert {"view_comment", "moderate_comment"} <= permissions
