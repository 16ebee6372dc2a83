"""The live-session emails the outbox sends (``engine.outbox.kinds``)."""

from engine.outbox.kinds import EmailKind, email_kind_register

LIVE_SESSION_REMINDER_KIND = "live_session_reminder"

email_kind_register(
    EmailKind(LIVE_SESSION_REMINDER_KIND, "Live session reminder, an hour before it starts")
)
