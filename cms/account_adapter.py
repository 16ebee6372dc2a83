"""The project's allauth account adapter (``ACCOUNT_ADAPTER``): allauth's documented hook
(https://docs.allauth.org/en/latest/account/advanced.html) for every form that takes an email
address (sign-up, adding an address, password reset, the headless API's inputs, which reuse
those forms) and for sending allauth's emails.

- ``clean_email`` refuses an address longer than the column that stores it.
- ``get_login_redirect_url`` / ``get_signup_redirect_url`` / ``post_login``: a visitor sent
  to sign in in the middle of something (``cms.account_return``) goes back to it after
  signing in, even when sign-up and the verification email came in between; a ``next``
  given explicitly still wins, and either way the remembered place is forgotten.
- ``send_mail``: allauth's emails (address verification, password reset, "account already
  exists", ...) go through the outbox like every other transactional email
  (``engine.outbox``). The message is rendered exactly as allauth does (its templates, its
  subject prefix), gets an HTML part made from the text when allauth has no HTML template, is
  written as an outbox row and sent at once: the user is waiting for the code or link. If the
  SMTP server fails, the row stays pending with the error and the outbox's sweep retries it
  with backoff instead of the sign-up page failing. Each call is its own message (a second
  "resend the link" is a second email), so the key carries a fresh UUID.
- ``render_mail``: every account email names the school from settings (``WAGTAIL_SITE_NAME``,
  ``SITE_URL``), never the ``django.contrib.sites`` record ("Hello from example.com!"). Our
  templates in ``cms/templates/account/email/`` greet the person by name and have an HTML
  part; allauth's text-only ones get the school's HTML layout around their text.
"""

from __future__ import annotations

import logging
import uuid

from allauth.account.adapter import DefaultAccountAdapter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.html import linebreaks, strip_tags, urlize

from cms.account_return import account_return_pop
from engine.outbox.sending import DeliveryIncomplete
from engine.outbox.services import outbox_email_enqueue, outbox_email_send_now

ACCOUNT_KIND = "account"

logger = logging.getLogger(__name__)


def email_max_length() -> int:
    return get_user_model()._meta.get_field("email").max_length


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        """Refuse an address longer than we can store.

        allauth stores the address on the user with ``user_field``, which cuts a value to the
        column's length without a word: a 300-character address became a 254-character one
        with no domain, and its owner could never sign in.
        """
        limit = email_max_length()
        if len(email) > limit:
            raise ValidationError(
                f"Enter an email address of at most {limit} characters "
                f"(this one has {len(email)}).",
                code="max_length",
            )
        return super().clean_email(email)

    def get_login_redirect_url(self, request) -> str:
        return account_return_pop(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request) -> str:
        if request.user.is_authenticated:
            return account_return_pop(request) or super().get_signup_redirect_url(request)
        return super().get_signup_redirect_url(request)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        account_return_pop(request)  # used above, or overridden by an explicit ``next``
        return response

    def render_mail(self, template_prefix: str, email: str, context: dict, headers=None):
        return super().render_mail(template_prefix, email, _school(context), headers=headers)

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
            html=html or _school_layout(text, _school(context)),
            headers=dict(message.extra_headers),
        )
        try:
            outbox_email_send_now(email=row)
        except DeliveryIncomplete:
            logger.warning("account email %s not sent yet; the outbox retries it", row.key)


def _school(context: dict) -> dict:
    return {**context, "school_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL}


def _school_layout(text: str, context: dict) -> str:
    """The HTML part of an email allauth ships as text only: its text in our layout."""
    body_html = linebreaks(urlize(text, autoescape=True))
    return render_to_string(
        "account/email/fallback_message.html", {**context, "body_html": body_html}
    )
