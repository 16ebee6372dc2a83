"""Ask for an email: write its outbox row (once per idempotency key) and have it sent.

Two ways in, one ledger:

* ``outbox_email_enqueue`` stores a rendered message (receipts, invitations, replies, account
  emails): the caller renders, the row keeps the content, a retry sends the same bytes.
* ``outbox_emails_create`` writes many renderable rows in one ``INSERT ... SELECT`` (release
  notices): the kind's renderer builds them at send time from ``params``.

``outbox_email_send_now`` is for a caller already on a worker (a Celery task): it sends the
row in the same call and reports whether this call sent it. ``outbox_send_on_commit`` queues
``outbox.send`` tasks once the transaction that wrote the rows commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone

from engine.outbox.kinds import email_kind
from engine.outbox.models import EmailState, OutboxEmail
from engine.outbox.sending import SETTLE, SendResult, outbox_send

SEND_CHUNK_SIZE = 250


class EmailWithoutRecipients(ValueError):
    pass


def outbox_email_enqueue(
    *,
    kind: str,
    key: str,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str,
    attachments: Sequence[tuple[str, str, str]] = (),
    headers: dict[str, str] | None = None,
    now: datetime | None = None,
) -> tuple[OutboxEmail, bool]:
    """The row for ``key`` (created now, or the one an earlier call wrote) and whether this
    call created it. Idempotent under concurrency: the unique ``key`` decides."""
    email_kind(kind)  # an unregistered kind is a programming error: fail before writing
    recipients = [address for address in to if address]
    if not recipients:
        raise EmailWithoutRecipients(f"the {kind} email {key!r} has no recipient address")
    now = now or timezone.now()
    fields = {
        "kind": kind,
        "recipients": recipients,
        "subject": subject,
        "text_body": text,
        "html_body": html,
        "attachments": [
            {"filename": name, "content": content, "mimetype": mimetype}
            for name, content, mimetype in attachments
        ],
        "headers": headers or {},
        "not_before": now + SETTLE,
    }
    try:
        with transaction.atomic():
            return OutboxEmail.objects.get_or_create(key=key, defaults=fields)
    except IntegrityError:  # a concurrent twin created it between our read and our insert
        return OutboxEmail.objects.get(key=key), False


def outbox_emails_create(*, kind: str, rows: QuerySet) -> int:
    """Bulk-insert renderable rows of ``kind`` in one ``INSERT ... SELECT`` the database runs:
    no row is built in Python. Rows whose key exists already are left as they are
    (``ON CONFLICT DO NOTHING`` on the unique key). ``rows`` is a ``.values("outbox_key",
    "outbox_to")`` query: each row's key and recipient address. Returns the rows written."""
    email_kind(kind)  # an unregistered kind is a programming error: fail before writing
    connection = connections[rows.db]
    select, select_params = rows.query.get_compiler(connection=connection).as_sql()
    quote = connection.ops.quote_name
    meta = OutboxEmail._meta
    constants = {
        "kind": kind,
        "subject": "",
        "text_body": "",
        "html_body": "",
        "attachments": [],
        "headers": {},
        "params": {},
        "state": EmailState.PENDING,
        "attempts": 0,
        "last_error": "",
        "not_before": timezone.now() + SETTLE,
        "created_at": timezone.now(),
    }
    fields = [meta.get_field(name) for name in constants]
    as_array = "jsonb_build_array" if connection.vendor == "postgresql" else "json_array"
    columns = ", ".join(
        quote(f.column) for f in [meta.get_field("key"), meta.get_field("recipients"), *fields]
    )
    # Identifiers come from the model's metadata; every value is a parameter. SQLite needs a
    # WHERE before ON CONFLICT to parse an INSERT ... SELECT ... ON CONFLICT.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns})"  # noqa: S608
        f" SELECT todo.outbox_key, {as_array}(todo.outbox_to), {', '.join(['%s'] * len(fields))}"
        f" FROM ({select}) todo WHERE true"
        f" ON CONFLICT ({quote(meta.get_field('key').column)}) DO NOTHING"
    )
    params = [f.get_db_prep_save(constants[f.name], connection=connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *select_params))
        return cursor.rowcount


def outbox_email_send_now(*, email: OutboxEmail) -> bool:
    """Send ``email`` in this call (on a worker); True only for the call that sent it.
    Raises ``DeliveryIncomplete`` when the send failed and will be retried."""
    if email.state not in (EmailState.PENDING, EmailState.CLAIMED):
        return False
    return bool(outbox_send(ids=[email.pk]).sent)


def chunks(ids: list[int], size: int = SEND_CHUNK_SIZE) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def outbox_send_on_commit(*, ids: list[int], chunk_size: int = SEND_CHUNK_SIZE) -> None:
    """Queue one ``outbox.send`` task per chunk once the current transaction commits."""
    from engine.outbox.tasks import send_outbox_emails

    for chunk in chunks(ids, chunk_size):
        transaction.on_commit(lambda chunk=chunk: send_outbox_emails.delay(chunk))


def outbox_sweep(*, now: datetime | None = None) -> int:
    """Hand stalled rows to senders: retries whose backoff has passed, rows whose task was
    lost, and rows claimed by a dead worker (lease expired). Runs from beat every 30 s."""
    from engine.outbox.sending import outbox_stale_ids

    ids = outbox_stale_ids(now=now or timezone.now())
    outbox_send_on_commit(ids=ids)
    return len(ids)


__all__ = [
    "EmailWithoutRecipients",
    "SendResult",
    "outbox_email_enqueue",
    "outbox_email_send_now",
    "outbox_emails_create",
    "outbox_send_on_commit",
    "outbox_sweep",
]
