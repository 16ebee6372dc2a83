"""The 1:1 coaching emails the outbox sends (``engine.outbox.kinds``)."""

from engine.outbox.kinds import EmailKind, email_kind_register

KINDS = {
    "coaching_booked": "1:1 coaching session booked, with its .ics invitation",
    "coaching_reminder": "1:1 coaching session reminder, the day before",
}

for name, description in KINDS.items():
    email_kind_register(EmailKind(name, description))
