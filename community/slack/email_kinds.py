"""The Slack email the outbox sends (``engine.outbox.kinds``)."""

from engine.outbox.kinds import EmailKind, email_kind_register

email_kind_register(
    EmailKind("slack_invite", "The Slack workspace invitation link, for a student not in it yet")
)
