"""The "someone replied to your comment" email, sent once per reply.

Exactly once is a database fact: ``Comment.reply_notified_at``. The sender locks the reply's
row, returns early if the timestamp is already set, sends, then sets it, all in one
transaction. A second approval, a duplicated task or a concurrent twin therefore sends
nothing more; an SMTP failure rolls the transaction back, so the task's retry sends it.
The one remaining window (mail accepted, then the commit fails) can repeat an email; it
can never lose one. On PostgreSQL the lock is one row; the transaction is held for the
duration of the SMTP call, which is why the task runs on a worker, never in a request.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from wagtail.models import Page

from community.models import Comment


def comment_absolute_url(comment: Comment) -> str:
    """The comment's address on its page, for links that leave the site (emails)."""
    page_url = Page.objects.get(pk=comment.page_id).get_url() or "/"
    if page_url.startswith("/"):
        page_url = settings.SITE_URL + page_url
    return f"{page_url}#{comment.anchor}"


def comment_reply_email_send(*, reply_id: int) -> bool:
    """Email the parent's author about ``reply_id``; True if an email went out now."""
    with transaction.atomic():
        reply = (
            Comment.objects.select_for_update()
            .filter(
                pk=reply_id,
                status=Comment.Status.PUBLISHED,
                parent__isnull=False,
                reply_notified_at__isnull=True,
            )
            .first()
        )
        if reply is None:
            return False  # already notified, not a reply, or no longer published
        parent = Comment.objects.select_related("author", "page").get(pk=reply.parent_id)
        recipient = parent.author
        if (
            recipient.pk == reply.author_id
            or not recipient.is_active
            or not recipient.email
            or parent.status != Comment.Status.PUBLISHED
        ):
            return False
        context = {
            "recipient": recipient,
            "reply": reply,
            "parent": parent,
            "page_title": parent.page.title,
            "reply_url": comment_absolute_url(reply),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("community/emails/comment_reply_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
            body=render_to_string("community/emails/comment_reply.txt", context),
            to=[recipient.email],
        )
        message.attach_alternative(
            render_to_string("community/emails/comment_reply.html", context), "text/html"
        )
        message.send()
        Comment.objects.filter(pk=reply.pk).update(reply_notified_at=timezone.now())
    return True
