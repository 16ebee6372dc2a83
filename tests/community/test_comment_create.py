"""comment_create: who may comment where, what goes live at once and what waits for an editor."""

from datetime import timedelta

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wagtail.models import PageViewRestriction

from community.models import COMMENT_MAX_LENGTH, Comment
from community.services import HELD_FOR_LINK, HELD_FOR_NEW_ACCOUNT, comment_create
from tests.factories import CommentablePageFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_plain_comment_from_an_established_account_goes_live(page, reader):
    comment = comment_create(author=reader, page=page, body="  Outcomes over output.  ")

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.held_reason == ""
    assert comment.body == "Outcomes over output."
    assert comment.page_id == page.pk and comment.author == reader


@pytest.mark.parametrize(
    "body",
    [
        "Read https://example.com/kata first",
        "see http://localhost:8000/x",
        "try www.example.org sometime",
        "it is on example.com",
        "write to me at someone@example.com",
        'click <a href="/x">here</a>',
        "<A HREF=x>shouting</A>",
    ],
)
def test_comment_with_a_link_is_held(page, reader, body):
    comment = comment_create(author=reader, page=page, body=body)

    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason == HELD_FOR_LINK


def test_comment_without_a_link_is_not_mistaken_for_one(page, reader):
    comment = comment_create(author=reader, page=page, body="Kata v. scrum... e.g. a 2.5x gain")

    assert comment.status == Comment.Status.PUBLISHED


def test_comment_from_a_new_account_is_held(page, settings):
    settings.COMMUNITY_NEW_ACCOUNT_HOURS = 24
    newcomer = UserFactory(date_joined=timezone.now() - timedelta(hours=23))

    comment = comment_create(author=newcomer, page=page, body="Hello, class!")

    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason == HELD_FOR_NEW_ACCOUNT


def test_new_account_threshold_is_a_setting(page, settings):
    settings.COMMUNITY_NEW_ACCOUNT_HOURS = 2
    member = UserFactory(date_joined=timezone.now() - timedelta(hours=3))

    comment = comment_create(author=member, page=page, body="Hello, class!")

    assert comment.status == Comment.Status.PUBLISHED


def test_new_account_with_a_link_gives_both_reasons(page):
    newcomer = UserFactory()

    comment = comment_create(author=newcomer, page=page, body="https://spam.example")

    assert comment.held_reason == f"{HELD_FOR_LINK}; {HELD_FOR_NEW_ACCOUNT}"


def test_people_who_moderate_publish_links_directly(page, editor):
    comment = comment_create(author=editor, page=page, body="Our take: https://example.com")

    assert comment.status == Comment.Status.PUBLISHED


@pytest.mark.parametrize("body", ["", "   \n\t  "])
def test_empty_comment_is_refused(page, reader, body):
    with pytest.raises(ValidationError) as error:
        comment_create(author=reader, page=page, body=body)

    assert error.value.message_dict == {"body": ["Write something before posting your comment."]}
    assert not Comment.objects.exists()


def test_too_long_comment_is_refused_with_its_length(page, reader):
    with pytest.raises(ValidationError) as error:
        comment_create(author=reader, page=page, body="x" * (COMMENT_MAX_LENGTH + 1))

    assert error.value.message_dict["body"] == [
        "Keep your comment under 3,000 characters (it has 3,001)."
    ]
    assert not Comment.objects.exists()


def test_reply_goes_under_a_published_comment_on_the_same_page(page, reader, other_reader):
    parent = CommentFactory(page=page, author=other_reader)

    reply = comment_create(author=reader, page=page, body="Agreed.", parent=parent)

    assert reply.parent == parent
    assert list(parent.replies.all()) == [reply]


def test_reply_to_a_comment_on_another_page_is_refused(page, reader):
    elsewhere = CommentFactory()

    with pytest.raises(ValidationError, match="same page"):
        comment_create(author=reader, page=page, body="Agreed.", parent=elsewhere)


def test_reply_to_a_reply_is_refused(page, reader):
    reply = CommentFactory(page=page, parent=CommentFactory(page=page))

    with pytest.raises(ValidationError, match="original comment"):
        comment_create(author=reader, page=page, body="Agreed.", parent=reply)


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.REJECTED])
def test_reply_to_an_unpublished_comment_is_refused(page, reader, status):
    parent = CommentFactory(page=page, status=status)

    with pytest.raises(ValidationError, match="not published"):
        comment_create(author=reader, page=page, body="Agreed.", parent=parent)

    assert Comment.objects.count() == 1


def test_page_type_not_listed_takes_no_comments(page, reader, settings):
    settings.COMMUNITY_COMMENT_PAGE_TYPES = ["cms.articlepage"]

    with pytest.raises(PermissionDenied):
        comment_create(author=reader, page=page, body="Hello")


def test_unpublished_page_takes_no_comments(reader):
    draft = CommentablePageFactory(live=False)

    with pytest.raises(PermissionDenied):
        comment_create(author=reader, page=draft, body="Hello")


def test_restricted_page_takes_no_comments(page, reader):
    PageViewRestriction.objects.create(page=page, restriction_type="login")

    with pytest.raises(PermissionDenied):
        comment_create(author=reader, page=page, body="Hello")


def test_inactive_author_cannot_comment(page, reader):
    reader.is_active = False

    with pytest.raises(PermissionDenied):
        comment_create(author=reader, page=page, body="Hello")

    assert not Comment.objects.exists()
