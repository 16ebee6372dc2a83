"""A published reply emails the parent comment's author: after commit, once, never to oneself."""

import pytest

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from community.emails import comment_reply_email_send
from community.models import Comment
from community.services import comment_approve, comment_create, comment_reject
from community.tasks import comment_reply_notify
from engine.outbox.models import EmailState, OutboxEmail
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent(page, other_reader):
    return CommentFactory(page=page, author=other_reader, body="Is a PO the same as a PM?")


def test_published_reply_emails_the_parent_author_with_text_and_html(
    page, reader, other_reader, parent, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = comment_create(
            author=reader, page=page, body="Not quite: see the kata.", parent=parent
        )

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [other_reader.email]
    assert email.subject == f"[Institute] Riley Reader replied to your comment on “{page.title}”"
    link = f"http://127.0.0.1:8000{page.url}#comment-{reply.pk}"
    assert "Not quite: see the kata." in email.body and link in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html and "Not quite: see the kata." in html
    reply.refresh_from_db()
    assert reply.reply_notified_at is not None


def test_nothing_is_sent_before_the_transaction_commits(
    page, reader, parent, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        comment_create(author=reader, page=page, body="Agreed.", parent=parent)

        assert mailoutbox == []
    assert callbacks, "the email task is queued on commit"


def test_no_email_when_replying_to_yourself(
    page, other_reader, parent, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = comment_create(author=other_reader, page=page, body="Also: ...", parent=parent)

    assert mailoutbox == []
    assert comment_reply_notify.delay(reply.pk).get() is False


def test_held_reply_emails_on_approval_and_only_once(
    page, reader, parent, editor, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        held = comment_create(
            author=reader, page=page, body="See https://example.com", parent=parent
        )
    assert held.status == Comment.Status.PENDING
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=held, moderator=editor)
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=held, moderator=moderator)

    assert len(mailoutbox) == 1


def test_approve_reject_approve_still_sends_one_email(
    page, reader, parent, editor, mailoutbox, django_capture_on_commit_callbacks
):
    held = CommentFactory(page=page, author=reader, parent=parent, status=Comment.Status.PENDING)

    for moderate in (comment_approve, comment_reject, comment_approve):
        with django_capture_on_commit_callbacks(execute=True):
            moderate(comment=held, moderator=editor)

    assert len(mailoutbox) == 1


def test_duplicate_task_deliveries_send_one_email(page, reader, parent, mailoutbox):
    reply = CommentFactory(page=page, author=reader, parent=parent)

    results = [comment_reply_notify.delay(reply.pk).get() for _ in range(3)]

    assert results == [True, False, False]
    assert len(mailoutbox) == 1


def test_rejected_reply_sends_nothing(page, reader, parent, editor, mailoutbox):
    held = CommentFactory(page=page, author=reader, parent=parent, status=Comment.Status.PENDING)
    comment_reject(comment=held, moderator=editor)

    assert comment_reply_notify.delay(held.pk).get() is False
    assert mailoutbox == []


def test_top_level_comment_emails_nobody(
    page, reader, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(author=reader, page=page, body="First!")

    assert mailoutbox == []


def test_failed_send_stays_in_the_outbox_so_a_retry_sends_it_once(
    page, reader, parent, mailoutbox, monkeypatch
):
    reply = CommentFactory(page=page, author=reader, parent=parent)

    def smtp_down(backend, messages):
        raise ConnectionError("SMTP server went away")

    with monkeypatch.context() as patched:
        patched.setattr(LocmemBackend, "send_messages", smtp_down)
        with pytest.raises(ConnectionError):
            comment_reply_email_send(reply_id=reply.pk)

    email = OutboxEmail.objects.get(kind="comment_reply")
    assert email.state == EmailState.PENDING
    assert "SMTP server went away" in email.last_error
    assert comment_reply_notify.delay(reply.pk).get() is True
    assert comment_reply_notify.delay(reply.pk).get() is False
    assert len(mailoutbox) == 1
    assert mailoutbox[0].extra_headers["Message-ID"] == email.message_id
