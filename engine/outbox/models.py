"""The outbox ledger: one row per transactional email, claimed before it is sent.

A row is the right to send one message. ``key`` is its idempotency key (``release:<notice>``,
``receipt:order:<id>``...), unique, so asking twice for the same email writes one row. The
content is either stored on the row (``subject``, ``text_body``, ``html_body``, attachments),
rendered when the email was asked for, or rendered at send time by the kind's renderer from
``params`` (release notices: the week's shared content is rendered once per chunk). The
``Message-ID`` is derived from the row, so a resend after a crash is the same message to the
receiving side. States and the claim/lease protocol: ``engine.outbox.sending``.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q

MAX_SEND_ATTEMPTS = 5


class EmailState(models.TextChoices):
    PENDING = "pending", "Pending"
    CLAIMED = "claimed", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Nothing to send"


class OutboxEmail(models.Model):
    kind = models.CharField(max_length=40, help_text="Registered kind (engine.outbox.kinds).")
    key = models.CharField(
        max_length=200, unique=True, help_text="Idempotency key: one row per message."
    )
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=300, blank=True)
    text_body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text="[{filename, content, mimetype}], text content."
    )
    headers = models.JSONField(default=dict, blank=True)
    params = models.JSONField(
        default=dict, blank=True, help_text="What the kind's renderer needs (rendered at send)."
    )
    state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    not_before = models.DateTimeField(
        null=True, blank=True, help_text="The sweep leaves the row alone until then."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "outbox email"
        indexes = [
            models.Index(fields=["state", "not_before"], name="outbox_state_not_before"),
            models.Index(
                fields=["lease_expires_at"],
                name="outbox_claimed_lease",
                condition=Q(state="claimed"),
            ),
            models.Index(fields=["kind", "state"], name="outbox_kind_state"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}: {self.state}"

    @property
    def message_id(self) -> str:
        return email_message_id(pk=self.pk, key=self.key)


def message_id_domain() -> str:
    """``OUTBOX_MESSAGE_ID_DOMAIN``, else the domain of ``DEFAULT_FROM_EMAIL``."""
    domain = getattr(settings, "OUTBOX_MESSAGE_ID_DOMAIN", "")
    if domain:
        return domain
    address = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">")
    return address.rsplit("@", 1)[-1] or "localhost"


def email_message_id(*, pk: int, key: str) -> str:
    """Stable per row: the same row always yields the same ``Message-ID``."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return f"<outbox.{pk}.{digest}@{message_id_domain()}>"
