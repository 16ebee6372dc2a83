"""Stripe's webhook: verify, store the raw event once, answer 200 fast, process on commit.

Follows dj-stripe's shape: the view is ``csrf_exempt`` and not atomic per request;
it stores the event under its unique Stripe id first (``ON CONFLICT DO NOTHING``) and treats
a duplicate delivery (or a concurrent twin) as already stored. Processing happens in a Celery
task that takes the stored row's id and dispatches through ``HANDLERS`` (saleor's
``{event_type: handler}``). Every handler re-reads the object from Stripe and is idempotent,
so duplicates, reorderings and late events change nothing twice.

Signatures are checked by Stripe's SDK (``payments.stripe_gateway``) with a 300 s tolerance,
which only refuses timestamps too far in the past; timestamps more than 300 s in the future
are refused here, before it. https://docs.stripe.com/webhooks#verify-events
"""

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from django.conf import settings
from django.db import connections, router
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments.errors import WebhookSignatureInvalid
from payments.models import EventSource, StripeEvent
from payments.orders.fulfilment import checkout_session_settle
from payments.orders.refunds import order_dispute_record, order_refunds_sync
from payments.stripe_gateway import webhook_event_construct

logger = logging.getLogger(__name__)

TOLERANCE_SECONDS = 300


class WebhookRejected(Exception):
    pass


def _checkout_session(obj: dict) -> None:
    checkout_session_settle(session_id=obj["id"])


def _charge_refunded(obj: dict) -> None:
    order_refunds_sync(charge_id=obj["id"])


def _dispute_created(obj: dict) -> None:
    order_dispute_record(dispute_id=obj["id"])


def _invoice(obj: dict) -> None:
    from payments.invoicing.services import invoice_settle

    invoice_settle(invoice_id=obj["id"])


HANDLERS: dict[str, Callable[[dict], None]] = {
    "checkout.session.completed": _checkout_session,
    "checkout.session.async_payment_succeeded": _checkout_session,
    "checkout.session.async_payment_failed": _checkout_session,
    "checkout.session.expired": _checkout_session,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": _dispute_created,
    # Paying as a company (payments.invoicing): each re-reads the invoice and settles it.
    "invoice.paid": _invoice,
    "invoice.overdue": _invoice,
    "invoice.voided": _invoice,
    "invoice.marked_uncollectible": _invoice,
}


def _signature_timestamp(header: str) -> int:
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            try:
                return int(value)
            except ValueError:
                break
    raise WebhookRejected("The Stripe-Signature header has no valid timestamp.")


def webhook_event_verify(payload: bytes, header: str, *, now: float | None = None) -> dict:
    """The verified event as a dict, or ``WebhookRejected`` saying why not."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        logger.error("STRIPE_WEBHOOK_SECRET is not set: every webhook is refused.")
        raise WebhookRejected("Webhooks are not configured.")
    if not header:
        raise WebhookRejected("Missing Stripe-Signature header.")
    now = time.time() if now is None else now
    if _signature_timestamp(header) > now + TOLERANCE_SECONDS:
        raise WebhookRejected("The signature's timestamp is in the future.")
    try:
        return webhook_event_construct(
            payload=payload, signature=header, secret=secret, tolerance=TOLERANCE_SECONDS
        )
    except WebhookSignatureInvalid as error:
        raise WebhookRejected(f"Signature verification failed: {error}") from None
    except ValueError:
        raise WebhookRejected("The payload is not valid JSON.") from None


def stripe_event_store(event: dict, *, source: str) -> tuple[StripeEvent, bool]:
    """Store an event once; ``(row, created)``. A duplicate is not an error.

    One statement for a new event (``INSERT ... ON CONFLICT DO NOTHING RETURNING``, no
    transaction around it: the unique ``stripe_id`` decides, also between concurrent twins)
    and one more for a duplicate (read the stored row's id and processing state). The row
    returned carries ``pk``, ``stripe_id`` and ``processed_at``; the rest is deferred."""
    now = timezone.now()
    values = {
        "stripe_id": event["id"],
        "type": event["type"],
        "livemode": bool(event.get("livemode")),
        "api_version": event.get("api_version") or "",
        "stripe_created": datetime.fromtimestamp(event["created"], tz=UTC),
        "payload": event,
        "source": source,
        "received_at": now,
        "attempts": 0,
        "last_error": "",
    }
    connection = connections[router.db_for_write(StripeEvent)]
    quote = connection.ops.quote_name
    fields = [StripeEvent._meta.get_field(name) for name in values]
    # Only identifiers from the model's metadata are formatted in; values are parameters.
    sql = (
        f"INSERT INTO {quote(StripeEvent._meta.db_table)}"  # noqa: S608
        f" ({', '.join(quote(field.column) for field in fields)})"
        f" VALUES ({', '.join(['%s'] * len(fields))})"
        f" ON CONFLICT ({quote(StripeEvent._meta.get_field('stripe_id').column)}) DO NOTHING"
        f" RETURNING {quote(StripeEvent._meta.pk.column)}"
    )
    params = [field.get_db_prep_save(values[field.name], connection=connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        inserted = cursor.fetchone()
    if inserted is not None:
        return StripeEvent(pk=inserted[0], processed_at=None, **values), True
    row = StripeEvent.objects.only("pk", "stripe_id", "processed_at").get(stripe_id=event["id"])
    return row, False


def stripe_event_process(*, event_pk: int) -> bool:
    """Run the event's handler (if we handle its type) and mark it processed. Safe to run
    again, and concurrently: handlers lock what they change and skip what is done."""
    event = StripeEvent.objects.get(pk=event_pk)
    handler = HANDLERS.get(event.type)
    StripeEvent.objects.filter(pk=event_pk).update(attempts=event.attempts + 1)
    try:
        if handler is not None:
            handler(event.payload["data"]["object"])
    except Exception as error:
        StripeEvent.objects.filter(pk=event_pk).update(
            last_error=f"{type(error).__name__}: {error}"
        )
        raise
    StripeEvent.objects.filter(pk=event_pk, processed_at__isnull=True).update(
        processed_at=timezone.now(), last_error=""
    )
    return handler is not None


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    """``POST /payments/stripe/webhook/``: 400 for anything unverified (nothing stored),
    200 once the event is stored (processing is queued)."""
    from payments import tasks

    try:
        event = webhook_event_verify(request.body, request.headers.get("Stripe-Signature", ""))
    except WebhookRejected as error:
        logger.warning("Stripe webhook refused: %s", error)
        return JsonResponse({"error": str(error)}, status=400)
    row, created = stripe_event_store(event, source=EventSource.WEBHOOK)
    if created or row.processed_at is None:
        tasks.stripe_event_process.delay_on_commit(row.pk)
    return JsonResponse({"received": True, "duplicate": not created})
