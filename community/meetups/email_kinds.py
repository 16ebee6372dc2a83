"""The meetup emails the outbox sends (``engine.outbox.kinds``), rendered when asked for."""

from engine.outbox.kinds import EmailKind, email_kind_register

KINDS = {
    "meetup_rsvp": "Meetup RSVP confirmation with its .ics invitation",
    "meetup_promoted": "A meetup place freed up and is now yours (from the waitlist)",
    "meetup_reminder": "Meetup reminder, the day before",
    "meetup_announcement": "A new meetup in the city of someone who opted in",
}

for name, description in KINDS.items():
    email_kind_register(EmailKind(name, description))
