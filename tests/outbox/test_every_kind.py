"""Every transactional email has a kind registered with the outbox, and each app's kinds are
found without the engine importing the app. That every email actually sent went through the
outbox is checked after every test of the suite (``tests/conftest.py``)."""

from engine.outbox.kinds import email_kinds

EVERY_KIND = {
    # courses: rendered once per chunk at send time
    "release",
    "catch_up",
    "digest",
    # payments: rendered when asked for, stored on the row
    "receipt",
    "credit_note",
    "unfulfillable",
    "payment_failed",
    "dispute_staff",
    "team_invitation",
    "team_invitation_voided",
    "team_invitation_reminder",
    "team_seat_reassigned",
    "team_digest",
    "waitlist_joined",
    "waitlist_offer",
    "workshop_ticket",
    "workshop_reminder",
    # community: comments, lesson discussions, meetups, Slack
    "comment_reply",
    "discussion_notification",
    "discussion_digest",
    "meetup_rsvp",
    "meetup_promoted",
    "meetup_reminder",
    "meetup_announcement",
    "slack_invite",
    "survey_invitation",
    # coaching
    "journal_reminder",
    "live_session_reminder",
    "coaching_booked",
    "coaching_reminder",
    # allauth: address verification, password reset, account notices
    "account",
}


def test_every_transactional_email_kind_is_registered_with_the_outbox():
    registered = set(email_kinds()) - {"test_note"}
    assert registered == EVERY_KIND


def test_the_course_kinds_render_at_send_time_and_the_others_are_stored():
    kinds = email_kinds()
    assert {name for name in EVERY_KIND if kinds[name].render} == {"release", "catch_up", "digest"}
