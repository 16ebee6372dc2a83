"""The "someone replied to your comment" email, sent once per reply.

Exactly once is a database fact twice over: the reply's row is locked and
``Comment.reply_notified_at`` set in the transaction that writes the email's outbox row
(``engine.outbox``, key ``comment_reply:<reply id>``), so a second approval, a duplicated task
or a concurrent twin writes nothing more; the outbox claims the row before sending and marks
it sent, so a retry after an SMTP failure sends it, once. The SMTP call happens after the
commit, never inside the reply's row lock.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from wagtail.models import Page

from community.models import Comment
from engine.outbox.models import OutboxEmail
from engine.outbox.services import outbox_email_enqueue, outbox_email_send_now

COMMENT_REPLY_KIND = "comment_reply"


def comment_absolute_url(comment: Comment) -> str:
    """The comment's address on its page, for links that leave the site (emails)."""
    page_url = Page.objects.get(pk=comment.page_id).get_url() or "/"
    if page_url.startswith("/"):
        page_url = settings.SITE_URL + page_url
    return f"{page_url}#{comment.anchor}"


def _reply_email_enqueue(reply: Comment) -> OutboxEmail | None:
    """Write the reply's outbox row (under the reply's row lock); None if nobody is told."""
    parent = Comment.objects.select_related("author", "page").get(pk=reply.parent_id)
    recipient = parent.author
    if (
        recipient.pk == reply.author_id
        or not recipient.is_active
        or not recipient.email
        or parent.status != Comment.Status.PUBLISHED
    ):
        return None
    context = {
        "recipient": recipient,
        "reply": reply,
        "parent": parent,
        "page_title": parent.page.title,
        "reply_url": comment_absolute_url(reply),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = render_to_string("community/emails/comment_reply_subject.txt", context)
    email, _ = outbox_email_enqueue(
        kind=COMMENT_REPLY_KIND,
        key=f"{COMMENT_REPLY_KIND}:{reply.pk}",
        to=[recipient.email],
        subject=settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        text=render_to_string("community/emails/comment_reply.txt", context),
        html=render_to_string("community/emails/comment_reply.html", context),
    )
    Comment.objects.filter(pk=reply.pk).update(reply_notified_at=timezone.now())
    return email


def comment_reply_email_send(*, reply_id: int) -> bool:
    """Email the parent's author about ``reply_id``; True if an email went out now."""
    with transaction.atomic():
        reply = (
            Comment.objects.select_for_update()
            .filter(pk=reply_id, status=Comment.Status.PUBLISHED, parent__isnull=False)
            .first()
        )
        if reply is None:
            return False  # not a reply, or no longer published
        if reply.reply_notified_at is None:
            email = _reply_email_enqueue(reply)
        else:  # written by an earlier call: send it if that call's send failed
            email = OutboxEmail.objects.filter(key=f"{COMMENT_REPLY_KIND}:{reply.pk}").first()
    return email is not None and outbox_email_send_now(email=email)
