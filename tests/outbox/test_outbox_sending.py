"""The outbox's promises: one row per key, a stable Message-ID across a resend, "sent" marked
every 25 messages (the most a killed worker can resend), dead claims picked up by the sweep,
failures retried then failed visibly."""

import datetime as dt

import pytest

from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from engine.outbox import sending
from engine.outbox.models import MAX_SEND_ATTEMPTS, EmailState, OutboxEmail
from engine.outbox.sending import LEASE, DeliveryIncomplete, outbox_send
from engine.outbox.services import (
    EmailWithoutRecipients,
    outbox_email_enqueue,
    outbox_email_send_now,
    outbox_sweep,
)

pytestmark = pytest.mark.django_db


def note(key: str, to: str = "student@example.com") -> OutboxEmail:
    row, _ = outbox_email_enqueue(
        kind="test_note",
        key=key,
        to=[to],
        subject="A note",
        text="Plain words.",
        html="<p>Plain words.</p>",
    )
    return row


def test_asking_twice_for_one_key_writes_one_row_and_sends_once(mailoutbox):
    first = note("note:1")
    again, created = outbox_email_enqueue(
        kind="test_note", key="note:1", to=["x@example.com"], subject="", text="", html=""
    )
    assert (again.pk, created) == (first.pk, False)
    assert outbox_email_send_now(email=first) is True
    assert outbox_email_send_now(email=OutboxEmail.objects.get(pk=first.pk)) is False
    assert len(mailoutbox) == 1


def test_an_unknown_kind_or_no_recipient_is_refused_with_what_to_fix():
    with pytest.raises(LookupError, match=r"register it in your app's email_kinds\.py"):
        outbox_email_enqueue(kind="nope", key="k", to=["a@b.c"], subject="", text="", html="")
    with pytest.raises(EmailWithoutRecipients, match="no recipient"):
        outbox_email_enqueue(kind="test_note", key="k", to=[""], subject="", text="", html="")


def test_a_message_resent_after_a_crash_keeps_its_message_id(smtp):
    row = note("note:crash")
    assert outbox_send(ids=[row.pk]).sent == 1
    # The worker died after the server accepted the message and before the batch was marked:
    # the row is still claimed by it, and its lease runs out.
    claimed_at = timezone.now() - LEASE - dt.timedelta(seconds=1)
    OutboxEmail.objects.filter(pk=row.pk).update(
        state=EmailState.CLAIMED, sent_at=None, lease_expires_at=claimed_at + LEASE
    )
    assert outbox_send(ids=[row.pk]).sent == 1

    first, resent = smtp.accepted
    assert first.message["Message-ID"] == resent.message["Message-ID"] == row.message_id
    assert row.message_id.startswith(f"<outbox.{row.pk}.")
    assert {"text/plain", "text/html"} <= set(first.content_types)


def test_a_live_claim_is_not_sent_by_a_second_sender():
    row = note("note:live")
    token, rows = sending.outbox_claim(ids=[row.pk], now=timezone.now())
    assert [r.pk for r in rows] == [row.pk]
    assert outbox_send(ids=[row.pk]).claimed == 0
    assert OutboxEmail.objects.get(pk=row.pk).claim_token == token


class WatchingBackend(LocmemBackend):
    """Before each message: how many accepted messages are not marked sent yet."""

    accepted = 0
    unmarked: list[int] = []

    def send_messages(self, messages):
        sent = OutboxEmail.objects.filter(state=EmailState.SENT).count()
        WatchingBackend.unmarked.append(WatchingBackend.accepted - sent)
        WatchingBackend.accepted += len(messages)
        return super().send_messages(messages)


def test_sent_is_marked_every_25_messages_not_after_each(settings):
    """While the connection sends, at most 25 accepted messages are unmarked: what a worker
    killed at that moment resends. And it is batched: 25 are unmarked at some point."""
    rows = [note(f"note:batch:{i}", f"s{i}@example.com") for i in range(60)]
    WatchingBackend.accepted, WatchingBackend.unmarked = 0, []
    settings.EMAIL_BACKEND = f"{__name__}.WatchingBackend"
    assert outbox_send(ids=[r.pk for r in rows]).sent == 60
    # Seen before each send: 24 unmarked plus the one going out; the mark follows the 25th.
    assert max(WatchingBackend.unmarked) == sending.FLUSH_EVERY - 1
    assert OutboxEmail.objects.filter(state=EmailState.SENT).count() == 60


def test_the_sweep_hands_a_dead_workers_rows_to_a_new_sender(
    mailoutbox, django_capture_on_commit_callbacks
):
    dead, fresh = note("note:dead"), note("note:fresh")
    expired = timezone.now() - dt.timedelta(seconds=1)
    OutboxEmail.objects.filter(pk=dead.pk).update(
        state=EmailState.CLAIMED, lease_expires_at=expired
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_sweep() == 1  # the fresh row still belongs to the task queued with it
    assert [m.extra_headers["Message-ID"] for m in mailoutbox] == [dead.message_id]
    assert OutboxEmail.objects.get(pk=fresh.pk).state == EmailState.PENDING


def test_a_failing_address_is_retried_with_backoff_then_failed(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.courses.mail_backends.RefusingBackend"
    row = note("note:bounce", "bounce@example.com")
    for attempt in range(1, MAX_SEND_ATTEMPTS):
        with pytest.raises(DeliveryIncomplete):
            outbox_send(ids=[row.pk])
        row.refresh_from_db()
        assert (row.state, row.attempts) == (EmailState.PENDING, attempt)
        assert row.not_before > timezone.now()  # the sweep waits out the backoff
    assert outbox_send(ids=[row.pk]).failed == 1
    row.refresh_from_db()
    assert row.state == EmailState.FAILED and "No such mailbox" in row.last_error


def test_the_production_lease_and_sweep_pick_up_a_dead_claim_within_two_minutes():
    sweep_every = settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]["schedule"]
    assert sending.LEASE.total_seconds() + sweep_every <= 120
    assert sending.FLUSH_EVERY <= 25


def test_staff_see_failed_emails_in_the_admin(client, settings):
    from django.contrib.auth import get_user_model

    row = note("note:admin", "visible@example.com")
    OutboxEmail.objects.filter(pk=row.pk).update(
        state=EmailState.FAILED, last_error="SMTPRecipientsRefused: 550 No such mailbox"
    )
    admin = get_user_model().objects.create_superuser(email="ops@example.com", password="x-y-z-1")
    client.force_login(admin)
    response = client.get("/django-admin/outbox/outboxemail/", {"state__exact": "failed"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "visible@example.com" in page and "550 No such mailbox" in page
