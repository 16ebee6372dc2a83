"""Claim ledger rows and send their emails exactly once (docs/architecture.md, "The outbox").

Every email a student gets about the course has a ledger row (``courses.models.notifications``).
``notices_send`` is the one sender:

1. **Claim** the rows it was given that are ``pending`` (or ``sending`` with a claim older than
   ``CLAIM_LEASE``: the claimant died) with a guarded UPDATE that sets ``status=sending``, a fresh
   claim token and the time. On PostgreSQL the candidates are locked first with
   ``SELECT ... FOR UPDATE SKIP LOCKED`` so two workers on the same chunk split it instead of
   waiting; the UPDATE's ``WHERE status=...`` keeps the claim exclusive on any database.
2. **Send** the claimed rows over ONE connection of the email backend (one SMTP session per
   chunk), and mark each row ``sent`` in its own short transaction right after the server
   accepted it (the UPDATE is guarded by the claim token).
3. A failed send puts the row back to ``pending`` with ``attempts + 1`` and the error, or to
   ``failed`` after ``MAX_SEND_ATTEMPTS``; the Celery task retries with backoff while rows
   remain pending. No loop: attempts only grow.

The one unavoidable duplicate: the process dies after the SMTP server accepted a message and
before the ``sent`` UPDATE commits. That row stays ``sending`` and is re-sent once its lease
expires. Marking each message right after its send keeps that window to at most one message
per killed worker. The lease is longer than Celery's hard time limit, so a chunk that is still
running is never reclaimed under its feet, and shorter than the broker's visibility timeout
(Redis: one hour), so a chunk redelivered after its worker was killed finds the dead claim
expired and sends what it had not sent (``tests/courses/test_release_worker_kill.py``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from courses.models import MAX_SEND_ATTEMPTS, NoticeStatus

# Longer than CELERY_TASK_TIME_LIMIT (10 minutes): a live chunk is killed before its lease ends.
CLAIM_LEASE = timedelta(minutes=15)


def claim_lease() -> timedelta:
    """``CLAIM_LEASE``, or ``COURSES_NOTICE_CLAIM_LEASE_SECONDS`` when set (the worker tests
    shorten it together with the broker's visibility timeout)."""
    seconds = getattr(settings, "COURSES_NOTICE_CLAIM_LEASE_SECONDS", None)
    return timedelta(seconds=seconds) if seconds else CLAIM_LEASE


class DeliveryIncomplete(ConnectionError):
    """Some messages of a chunk failed and will be tried again (Celery autoretry catches it)."""


@dataclass
class SendResult:
    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def _claimable(now: datetime) -> Q:
    return Q(status=NoticeStatus.PENDING) | Q(
        status=NoticeStatus.SENDING, claimed_at__lt=now - claim_lease()
    )


def notices_claim(*, model, ids: Iterable[int], now: datetime) -> uuid.UUID | None:
    """Claim the claimable rows among ``ids``; returns the claim token (None if none)."""
    ids = list(ids)
    if not ids:
        return None
    token = uuid.uuid4()
    with transaction.atomic():
        candidates = model.objects.filter(_claimable(now), pk__in=ids)
        if db_connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        locked = list(candidates.values_list("pk", flat=True))
        if not locked:
            return None
        claimed = model.objects.filter(_claimable(now), pk__in=locked).update(
            status=NoticeStatus.SENDING, claim_token=token, claimed_at=now
        )
    return token if claimed else None


def notices_send(
    *,
    model,
    ids: Iterable[int],
    build: Callable[[list], list[tuple[object, EmailMultiAlternatives]]],
    now: datetime | None = None,
    on_sent: Callable[[object], None] | None = None,
) -> SendResult:
    """Claim, send over one connection, and record each outcome (module docstring).

    ``build(rows)`` turns the claimed rows into ``(row, message)`` pairs, loading what it needs
    in a constant number of queries for the whole chunk.
    """
    now = now or timezone.now()
    result = SendResult()
    token = notices_claim(model=model, ids=ids, now=now)
    if token is None:
        return result
    rows = list(model.objects.filter(claim_token=token, status=NoticeStatus.SENDING))
    result.claimed = len(rows)
    try:
        pairs = build(rows)
        connection = get_connection(fail_silently=False)
        connection.open()
    except Exception as error:
        for row in rows:
            _record_failure(model, row, token, error, result)
        raise DeliveryIncomplete(str(error)) from error
    built = {row.pk for row, _ in pairs}
    nothing_to_say = [row.pk for row in rows if row.pk not in built]
    if nothing_to_say:
        model.objects.filter(pk__in=nothing_to_say, claim_token=token).update(
            status=NoticeStatus.SKIPPED
        )
    try:
        for row, message in pairs:
            message.connection = connection
            try:
                delivered = connection.send_messages([message])
                if not delivered:
                    raise OSError("the email backend accepted no message")
            except Exception as error:
                _record_failure(model, row, token, error, result)
                continue
            result.sent += _mark_sent(model, row, token, on_sent)
    finally:
        connection.close()
    if result.retrying:
        raise DeliveryIncomplete(f"{result.retrying} message(s) will be retried")
    return result


def _mark_sent(model, row, token, on_sent: Callable[[object], None] | None) -> int:
    """One UPDATE per accepted message, committed at once: a single statement is its own
    transaction, so only ``on_sent`` (which writes too) needs an explicit one."""
    mark = model.objects.filter(pk=row.pk, claim_token=token)
    now = timezone.now()
    if on_sent is None:
        return mark.update(status=NoticeStatus.SENT, sent_at=now, last_error="")
    with transaction.atomic():
        marked = mark.update(status=NoticeStatus.SENT, sent_at=now, last_error="")
        if marked:
            on_sent(row)
    return marked


def _record_failure(model, row, token, error: Exception, result: SendResult) -> None:
    final = row.attempts + 1 >= MAX_SEND_ATTEMPTS
    with transaction.atomic():
        model.objects.filter(pk=row.pk, claim_token=token).update(
            status=NoticeStatus.FAILED if final else NoticeStatus.PENDING,
            attempts=F("attempts") + 1,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            claim_token=None,
            claimed_at=None,
        )
    if final:
        result.failed += 1
    else:
        result.retrying += 1


def notices_stale_ids(*, model, now: datetime, limit: int = 5000) -> list[int]:
    """Rows a sweep should hand to a sender: pending for a while, or claimed past the lease."""
    settled = now - timedelta(minutes=5)
    return list(
        model.objects.filter(
            Q(status=NoticeStatus.PENDING, created_at__lt=settled)
            | Q(status=NoticeStatus.SENDING, claimed_at__lt=now - claim_lease())
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
