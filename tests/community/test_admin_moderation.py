"""Moderating in the Wagtail admin: the queue, its filters, bulk approve/reject, the dashboard."""

import pytest

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.http import urlencode

from community.models import Comment
from tests.factories import CommentablePageFactory, CommenterFactory, CommentFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/community/comment/"


def bulk_url(action: str, *comments: Comment) -> str:
    url = reverse("wagtail_bulk_action", args=("community", "comment", action))
    query = [("id", c.pk) for c in comments] + [("next", LIST_URL)]
    return f"{url}?{urlencode(query)}"


@pytest.fixture
def held(page):
    return CommentFactory.create_batch(
        2, page=page, status=Comment.Status.PENDING, held_reason="contains a link"
    )


@pytest.fixture
def admin_only_user(db):
    """Staff who may enter the admin but were never granted comment moderation."""
    user = CommenterFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.mark.parametrize("who", ["editor", "moderator"])
def test_editors_and_moderators_see_the_queue(client, held, who, request):
    client.force_login(request.getfixturevalue(who))

    response = client.get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    for comment in held:
        assert str(comment) in html
    assert "Awaiting moderation" in html


def test_the_queue_filters_by_status_and_page(client, editor, page, held):
    other_page = CommentablePageFactory(title="Another article")
    live = CommentFactory(page=page, body="Already published words")
    elsewhere = CommentFactory(page=other_page, status=Comment.Status.PENDING, body="Far away")
    client.force_login(editor)

    pending = client.get(LIST_URL, {"status": "pending"}).content.decode()
    on_page = client.get(LIST_URL, {"status": "pending", "page": page.pk}).content.decode()

    assert str(elsewhere) in pending and str(live) not in pending
    assert str(held[0]) in on_page and str(elsewhere) not in on_page


def test_the_queue_searches_text_and_author(client, editor, page):
    author = CommenterFactory(email="kata.fan@example.com")
    match = CommentFactory(page=page, author=author, body="Improvement kata in practice")
    other = CommentFactory(page=page, body="Roadmaps and outcomes")
    client.force_login(editor)

    by_text = client.get(LIST_URL, {"q": "improvement"}).content.decode()
    by_author = client.get(LIST_URL, {"q": "kata.fan"}).content.decode()

    assert str(match) in by_text and str(other) not in by_text
    assert str(match) in by_author and str(other) not in by_author


def test_editor_approves_in_bulk(client, editor, held, mailoutbox):
    client.force_login(editor)

    confirm = client.get(bulk_url("approve", *held))
    response = client.post(bulk_url("approve", *held))

    assert confirm.status_code == 200 and "Yes, approve" in confirm.content.decode()
    assert response.status_code == 302 and response.url == LIST_URL
    assert {c.status for c in Comment.objects.filter(pk__in=[c.pk for c in held])} == {
        Comment.Status.PUBLISHED
    }
    assert set(Comment.objects.filter(pk=held[0].pk).values_list("moderated_by", flat=True)) == {
        editor.pk
    }


def test_moderator_rejects_in_bulk(client, moderator, held):
    client.force_login(moderator)

    client.post(bulk_url("reject", *held))

    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.REJECTED}


def test_each_row_offers_approve_and_reject(client, editor, held):
    client.force_login(editor)

    html = client.get(LIST_URL).content.decode()

    assert bulk_url("approve", held[0]).replace("&", "&amp;") in html
    assert bulk_url("reject", held[0]).replace("&", "&amp;") in html


def test_a_plain_reader_is_kept_out_of_the_admin(client, reader, held):
    client.force_login(reader)

    listing = client.get(LIST_URL)
    approve = client.post(bulk_url("approve", *held))

    assert listing.status_code == 302 and "/admin/login/" in listing.url
    assert approve.status_code == 302 and "/admin/login/" in approve.url
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.PENDING}


def test_staff_without_the_permission_cannot_moderate(client, admin_only_user, held):
    client.force_login(admin_only_user)

    listing = client.get(LIST_URL)
    client.post(bulk_url("approve", *held))

    assert listing.status_code in {302, 403}
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.PENDING}


def test_nobody_adds_comments_in_the_admin(client, held):
    superuser = CommenterFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)

    listing = client.get(LIST_URL).content.decode()
    add = client.get(f"{LIST_URL}add/")

    assert f'href="{LIST_URL}add/"' not in listing
    assert add.status_code in {302, 403}


def test_dashboard_counts_the_comments_awaiting_moderation(client, editor, held):
    client.force_login(editor)

    html = client.get("/admin/").content.decode()

    assert "2 comments awaiting moderation" in html
    assert f'href="{LIST_URL}?status=pending"' in html


def test_select_all_in_the_queue_means_every_pending_comment(client, editor, page, held):
    published = CommentFactory(page=page)
    rejected = CommentFactory(page=page, status=Comment.Status.REJECTED)
    client.force_login(editor)
    url = reverse("wagtail_bulk_action", args=("community", "comment", "approve"))

    client.post(f"{url}?{urlencode([('id', 'all'), ('next', LIST_URL)])}")

    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in held] == [Comment.Status.PUBLISHED] * 2
    assert statuses[rejected.pk] == Comment.Status.REJECTED
    assert statuses[published.pk] == Comment.Status.PUBLISHED


@pytest.mark.parametrize("selected", [1, 10])
def test_the_confirmation_page_does_not_query_per_comment(
    client, editor, page, selected, django_assert_num_queries
):
    comments = CommentFactory.create_batch(
        selected, page=page, status=Comment.Status.PENDING, author=CommenterFactory()
    )
    client.force_login(editor)
    client.get(bulk_url("approve", comments[0]))  # warm the session and permission caches

    with django_assert_num_queries(9):  # the session comes from the cache
        response = client.get(bulk_url("approve", *comments))

    assert response.content.decode().count("<blockquote>") == selected
