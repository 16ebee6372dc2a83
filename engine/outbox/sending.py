"""Claim outbox rows, send them over one SMTP connection, mark them sent in batches.

``outbox_send(ids=...)`` is the one sender of every transactional email:

1. **Claim** the claimable rows among ``ids`` (``pending``, or ``claimed`` whose lease has
   expired: the claimant died) in ONE transaction: ``SELECT ... FOR UPDATE SKIP LOCKED`` on
   PostgreSQL, so two workers on the same rows split them instead of waiting, then a guarded
   UPDATE (``state=claimed``, a fresh claim token, ``lease_expires_at = now + lease``).
2. **Render** the claimed rows kind by kind: one call of the kind's renderer per chunk
   (``engine.outbox.kinds``), so what all recipients share is rendered once.
3. **Send** over ONE connection of the email backend. Each message carries the row's
   ``Message-ID`` (``OutboxEmail.message_id``), so a resend is the same message.
4. **Mark** in batches: after every ``FLUSH_EVERY`` (25) messages, one transaction marks the
   accepted ones ``sent``, records the failures, and renews the lease of the rows still to go.
   A row whose claim was taken over (our lease lapsed) is dropped from this run.

A failed message goes back to ``pending`` with ``attempts + 1``, the error, and a
``not_before`` backoff for the sweep, or to ``failed`` after ``MAX_SEND_ATTEMPTS`` (visible in
the admin). The task raises ``DeliveryIncomplete`` while some remain pending, so Celery retries
with backoff too.

Exactly once, and the one window: a worker killed after the server accepted messages and
before their batch was marked leaves at most ``FLUSH_EVERY`` rows ``claimed``; they are sent
again, with the same ``Message-ID``, once their lease expires. The lease (90 s) is renewed at
every batch while the worker lives, and the beat sweep (every 30 s) hands expired claims to a
new task, so a dead worker's rows are picked up again within two minutes.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from engine.outbox.kinds import Rendered, email_kind
from engine.outbox.models import MAX_SEND_ATTEMPTS, EmailState, OutboxEmail

LEASE = timedelta(seconds=90)  # + the 30 s sweep: a dead claim is picked up within 2 minutes
FLUSH_EVERY = 25  # messages sent between two "sent" marks: the most a killed worker resends
SETTLE = timedelta(minutes=5)  # a new row belongs to the task enqueued with it for this long
BACKOFF_BASE_SECONDS = 5
BACKOFF_MAX_SECONDS = 600


def lease() -> timedelta:
    """``LEASE``, or ``OUTBOX_LEASE_SECONDS`` when set (the worker tests shorten it)."""
    seconds = getattr(settings, "OUTBOX_LEASE_SECONDS", None)
    return timedelta(seconds=seconds) if seconds else LEASE


def flush_every() -> int:
    return int(getattr(settings, "OUTBOX_FLUSH_EVERY", FLUSH_EVERY))


class DeliveryIncomplete(ConnectionError):
    """Some messages failed and will be tried again (Celery's autoretry catches it)."""


@dataclass
class SendResult:
    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    sent_ids: list[int] = field(default_factory=list)


def claimable(now: datetime) -> Q:
    return Q(state=EmailState.PENDING) | Q(state=EmailState.CLAIMED, lease_expires_at__lt=now)


def outbox_claim(*, ids: Iterable[int], now: datetime) -> tuple[uuid.UUID, list[OutboxEmail]]:
    """Claim the claimable rows among ``ids`` in one transaction; returns the token and rows."""
    ids = list(ids)
    token = uuid.uuid4()
    if not ids:
        return token, []
    with transaction.atomic():
        candidates = OutboxEmail.objects.filter(claimable(now), pk__in=ids)
        if db_connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        locked = list(candidates.values_list("pk", flat=True))
        if not locked:
            return token, []
        OutboxEmail.objects.filter(claimable(now), pk__in=locked).update(
            state=EmailState.CLAIMED, claim_token=token, lease_expires_at=now + lease()
        )
    rows = list(
        OutboxEmail.objects.filter(claim_token=token, state=EmailState.CLAIMED).order_by("pk")
    )
    return token, rows


def _render(rows: list[OutboxEmail]) -> tuple[dict[int, Rendered | None], dict[int, Exception]]:
    """Render every row, one renderer call per kind; a renderer that raises fails its rows."""
    by_kind: dict[str, list[OutboxEmail]] = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    rendered: dict[int, Rendered | None] = {}
    errors: dict[int, Exception] = {}
    for kind_name, kind_rows in by_kind.items():
        try:
            kind = email_kind(kind_name)
            if kind.render is None:
                rendered.update({row.pk: stored_content(row) for row in kind_rows})
            else:
                rendered.update(kind.render(kind_rows))
        except Exception as error:
            errors.update({row.pk: error for row in kind_rows})
    return rendered, errors


def stored_content(row: OutboxEmail) -> Rendered:
    return Rendered(
        subject=row.subject,
        text=row.text_body,
        html=row.html_body,
        headers=dict(row.headers),
        attachments=[(a["filename"], a["content"], a["mimetype"]) for a in row.attachments],
    )


def outbox_message(row: OutboxEmail, content: Rendered) -> EmailMultiAlternatives:
    """The MIME message of ``row``: text and HTML parts, its stable ``Message-ID``."""
    message = EmailMultiAlternatives(
        subject=content.subject,
        body=content.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=content.to or list(row.recipients),
        headers={**content.headers, "Message-ID": row.message_id},
    )
    if content.html:
        message.attach_alternative(content.html, "text/html")
    for filename, body, mimetype in content.attachments:
        message.attach(filename, body, mimetype)
    return message


class _Batch:
    """What happened since the last mark: flushed in one transaction every ``FLUSH_EVERY``."""

    def __init__(self, token: uuid.UUID, result: SendResult) -> None:
        self.token = token
        self.result = result
        self.sent: list[int] = []
        self.failures: list[tuple[OutboxEmail, Exception]] = []
        self.cancelled: list[int] = []

    def __len__(self) -> int:
        return len(self.sent) + len(self.failures)

    def flush(self, *, remaining: list[int]) -> set[int]:
        """Mark, record, renew; returns the ids among ``remaining`` this run still holds."""
        if not len(self) and not self.cancelled and not remaining:
            return set()
        now = timezone.now()
        mine = OutboxEmail.objects.filter(claim_token=self.token, state=EmailState.CLAIMED)
        with transaction.atomic():
            if self.sent:
                marked = mine.filter(pk__in=self.sent).update(
                    state=EmailState.SENT,
                    sent_at=now,
                    last_error="",
                    claim_token=None,
                    lease_expires_at=None,
                )
                self.result.sent += marked
                self.result.sent_ids.extend(self.sent)
            if self.cancelled:
                mine.filter(pk__in=self.cancelled).update(
                    state=EmailState.CANCELLED, claim_token=None, lease_expires_at=None
                )
            for row, error in self.failures:
                _record_failure(row, self.token, error, self.result, now)
            held = len(remaining)
            if remaining:
                held = mine.filter(pk__in=remaining).update(lease_expires_at=now + lease())
        self.sent, self.failures, self.cancelled = [], [], []
        if held == len(remaining):
            return set(remaining)
        return set(mine.filter(pk__in=remaining).values_list("pk", flat=True))


def _record_failure(row, token, error: Exception, result: SendResult, now: datetime) -> None:
    attempts = row.attempts + 1
    final = attempts >= MAX_SEND_ATTEMPTS
    backoff = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2**attempts)
    OutboxEmail.objects.filter(pk=row.pk, claim_token=token).update(
        state=EmailState.FAILED if final else EmailState.PENDING,
        attempts=F("attempts") + 1,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        claim_token=None,
        lease_expires_at=None,
        not_before=now + timedelta(seconds=backoff),
    )
    if final:
        result.failed += 1
    else:
        result.retrying += 1


def outbox_send(*, ids: Iterable[int], now: datetime | None = None) -> SendResult:
    """Claim, render, send over one connection, mark in batches (module docstring)."""
    now = now or timezone.now()
    result = SendResult()
    token, rows = outbox_claim(ids=ids, now=now)
    if not rows:
        return result
    result.claimed = len(rows)
    batch = _Batch(token, result)
    rendered, render_errors = _render(rows)
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except Exception as error:
        batch.failures = [(row, error) for row in rows]
        batch.flush(remaining=[])
        raise DeliveryIncomplete(str(error)) from error
    order = list(rows)
    held = {row.pk for row in rows}
    limit = flush_every()
    try:
        for index, row in enumerate(order):
            if row.pk not in held:
                continue  # our lease lapsed and another worker took this row over
            if row.pk in render_errors:
                batch.failures.append((row, render_errors[row.pk]))
            elif rendered.get(row.pk) is None:
                batch.cancelled.append(row.pk)
            else:
                try:
                    message = outbox_message(row, rendered[row.pk])
                    message.connection = connection
                    if not connection.send_messages([message]):
                        raise OSError("the email backend accepted no message")
                    batch.sent.append(row.pk)
                except Exception as error:
                    batch.failures.append((row, error))
            if len(batch) >= limit:
                remaining = [r.pk for r in order[index + 1 :] if r.pk in held]
                held = batch.flush(remaining=remaining)
    finally:
        batch.flush(remaining=[])
        connection.close()
    if result.retrying:
        raise DeliveryIncomplete(f"{result.retrying} message(s) will be retried")
    return result


def outbox_stale_ids(*, now: datetime, limit: int = 5000) -> list[int]:
    """Rows the sweep hands to a sender: pending past ``not_before`` (or settled, if none),
    or claimed by a worker whose lease expired."""
    return list(
        OutboxEmail.objects.filter(
            Q(state=EmailState.PENDING, not_before__lte=now)
            | Q(state=EmailState.PENDING, not_before__isnull=True, created_at__lt=now - SETTLE)
            | Q(state=EmailState.CLAIMED, lease_expires_at__lt=now)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
