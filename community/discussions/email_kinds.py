"""The discussion emails the outbox sends (``engine.outbox.kinds``)."""

from engine.outbox.kinds import EmailKind, email_kind_register

DISCUSSION_NOTIFICATION_KIND = "discussion_notification"
DISCUSSION_DIGEST_KIND = "discussion_digest"

email_kind_register(EmailKind(DISCUSSION_NOTIFICATION_KIND, "Something new in your discussion"))
email_kind_register(EmailKind(DISCUSSION_DIGEST_KIND, "Daily digest of your discussions"))
