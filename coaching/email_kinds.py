"""The coaching emails the outbox sends (``engine.outbox.kinds``); content stored on the row."""

from engine.outbox.kinds import EmailKind, email_kind_register

JOURNAL_REMINDER_KIND = "journal_reminder"

JOURNAL_REMINDER = email_kind_register(
    EmailKind(
        name=JOURNAL_REMINDER_KIND,
        description="A week's Kata journal entry is due in 24 hours and not submitted yet.",
    )
)
