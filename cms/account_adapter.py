"""allauth's emails (address verification, password reset, "account already exists", ...)
go through the outbox like every other transactional email (``engine.outbox``).

``AccountAdapter.send_mail`` renders the message exactly as allauth does (its templates, its
subject prefix), adds an HTML part made from the text when allauth has no HTML template, and
writes it as an outbox row, then sends it at once: the user is waiting for the code or link.
If the SMTP server fails, the row stays pending with the error and the outbox's sweep retries
it with backoff instead of the sign-up page failing. Each call is its own message (a second
"resend the link" is a second email), so the key carries a fresh UUID.
"""

from __future__ import annotations

import logging
import uuid

from allauth.account.adapter import DefaultAccountAdapter

from django.utils.html import linebreaks, strip_tags, urlize

from engine.outbox.sending import DeliveryIncomplete
from engine.outbox.services import outbox_email_enqueue, outbox_email_send_now

ACCOUNT_KIND = "account"

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        text = message.body
        if message.content_subtype == "html":  # allauth's HTML-only message
            html, text = message.body, strip_tags(message.body)
        name = template_prefix.rsplit("/", 1)[-1]
        row, _ = outbox_email_enqueue(
            kind=ACCOUNT_KIND,
            key=f"{ACCOUNT_KIND}:{name}:{uuid.uuid4().hex}",
            to=message.to,
            subject=message.subject,
            text=text,
            html=html or linebreaks(urlize(text, autoescape=True)),
            headers=dict(message.extra_headers),
        )
        try:
            outbox_email_send_now(email=row)
        except DeliveryIncomplete:
            logger.warning("account email %s not sent yet; the outbox retries it", row.key)
