"""The payments emails the outbox sends (``engine.outbox.kinds``). Each is rendered when it is
asked for and stored on its row (``payments.emails._enqueue``), so no renderer here: a new
payments email adds its kind to this list."""

from engine.outbox.kinds import EmailKind, email_kind_register

KINDS = {
    "receipt": "Receipt of a fulfilled order",
    "credit_note": "Credit note of a refund",
    "unfulfillable": "A paid order we could not honour, refunded in full",
    "payment_failed": "A payment that did not go through",
    "dispute_staff": "Staff notice of a dispute opened on an order",
    "team_invitation": "Invitation to claim a team seat",
    "team_invitation_voided": "A pending team invitation voided after a refund",
    "team_digest": "The team owner's Monday digest of their team's progress",
    "team_invitation_reminder": "A reminder to an invitee who has not claimed their seat",
    "team_seat_reassigned": "A member's unstarted team seat given to a colleague",
    "waitlist_joined": "Confirmation of a place on a waitlist",
    "waitlist_offer": "Offer of a freed place, for 24 hours",
    "workshop_ticket": "Workshop ticket confirmation with its .ics invitation",
    "workshop_reminder": "Workshop reminder, the day before",
}

for name, description in KINDS.items():
    email_kind_register(EmailKind(name, description))
