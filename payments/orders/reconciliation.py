"""Reconciliation: find what the webhooks missed and settle it, exactly once.

Three sweeps, each through the same idempotent handlers the webhook uses:

1. Stripe's event list since the last checkpoint (``GET /v1/events``, paginated, only the
   types we handle): every event we have not stored is stored and processed.
2. Stored events not processed yet (a crashed worker, Stripe down while processing).
3. Orders stuck ``pending``/``paid`` for more than ``stale_after``, or ``refunding``: their
   session (or refund) is re-read from Stripe and settled.

Run twice, the second run finds everything stored and settled, and changes nothing.
The checkpoint moves only after a sweep succeeded, and re-reads a few minutes of overlap,
because events become listable in creation order but not always at once.
https://docs.stripe.com/api/events/list
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from payments.models import EventSource, Order, OrderStatus, StripeCheckpoint, StripeEvent
from payments.orders.fulfilment import order_settle
from payments.orders.lifecycle import order_release
from payments.orders.refunds import order_refund_unfulfillable
from payments.orders.webhooks import HANDLERS, stripe_event_process, stripe_event_store
from payments.stripe_gateway import events_list

CHECKPOINT = "events"
FIRST_RUN_LOOKBACK = timedelta(days=3)
OVERLAP = timedelta(minutes=5)
STALE_AFTER = timedelta(minutes=15)

Progress = Callable[[str], None]


@dataclass
class ReconcileReport:
    events_listed: int = 0
    events_stored: int = 0
    events_processed: int = 0
    orders_checked: int = 0
    orders_changed: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(self.events_stored or self.events_processed or self.orders_changed)

    def as_dict(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        changed = ", ".join(f"{n} now {s}" for s, n in sorted(self.orders_changed.items()))
        lines = [
            f"Stripe events listed: {self.events_listed}; new ones stored: {self.events_stored}",
            f"Events processed: {self.events_processed}",
            f"Stale orders re-read: {self.orders_checked}; changed: {changed or 'none'}",
        ]
        lines += [f"Error: {error}" for error in self.errors]
        if not self.changed_anything and not self.errors:
            lines.append("Nothing to do: every event and order was already settled.")
        return lines


def _quiet(message: str) -> None:
    pass


def stripe_reconcile(
    *,
    now: datetime | None = None,
    stale_after: timedelta = STALE_AFTER,
    progress: Progress = _quiet,
) -> ReconcileReport:
    now = now or timezone.now()
    report = ReconcileReport()
    _sweep_events(report, now=now, progress=progress)
    _sweep_unprocessed(report, now=now, stale_after=stale_after, progress=progress)
    _sweep_orders(report, now=now, stale_after=stale_after, progress=progress)
    return report


def _sweep_events(report: ReconcileReport, *, now: datetime, progress: Progress) -> None:
    checkpoint, _ = StripeCheckpoint.objects.get_or_create(name=CHECKPOINT)
    since = (checkpoint.last_event_created or now - FIRST_RUN_LOOKBACK) - OVERLAP
    newest = checkpoint.last_event_created
    known = set(
        StripeEvent.objects.filter(stripe_created__gte=since).values_list("stripe_id", flat=True)
    )
    fresh: list[dict] = []
    events = events_list(types=sorted(HANDLERS), created_gte=int(since.timestamp()))
    for index, event in enumerate(events, start=1):
        report.events_listed += 1
        if index % 100 == 0:
            progress(f"  events: {index} listed")
        created = datetime.fromtimestamp(event["created"], tz=UTC)
        newest = max(newest, created) if newest else created
        if event["id"] not in known:
            fresh.append(event)
    progress(f"  events: {report.events_listed} listed, {len(fresh)} not stored yet")
    # Oldest first, as they happened (the list comes newest first).
    for done, event in enumerate(sorted(fresh, key=lambda e: e["created"]), start=1):
        row, created = stripe_event_store(event, source=EventSource.RECONCILIATION)
        if created:
            report.events_stored += 1
        if row.processed_at is None:
            _process(report, row)
        progress(f"  events: {done}/{len(fresh)} settled")
    checkpoint.last_event_created = newest
    checkpoint.last_run_at = now
    checkpoint.save(update_fields=["last_event_created", "last_run_at"])


def _process(report: ReconcileReport, row: StripeEvent) -> None:
    try:
        stripe_event_process(event_pk=row.pk)
        report.events_processed += 1
    except Exception as error:
        report.errors.append(f"event {row.stripe_id} ({row.type}): {error}")


def _sweep_unprocessed(
    report: ReconcileReport, *, now: datetime, stale_after: timedelta, progress: Progress
) -> None:
    rows = list(
        StripeEvent.objects.filter(
            processed_at__isnull=True, received_at__lte=now - min(stale_after, timedelta(minutes=2))
        ).order_by("stripe_created", "pk")
    )
    for done, row in enumerate(rows, start=1):
        _process(report, row)
        progress(f"  unprocessed events: {done}/{len(rows)}")


def _sweep_orders(
    report: ReconcileReport, *, now: datetime, stale_after: timedelta, progress: Progress
) -> None:
    stuck = list(
        Order.objects.filter(
            status__in=(OrderStatus.PENDING, OrderStatus.PAID), created_at__lte=now - stale_after
        )
        # An order waiting on its invoice is pending for up to 30 days, not stuck: the
        # invoice webhooks and the due-date sweep (payments.invoicing) settle it.
        .exclude(status=OrderStatus.PENDING, company_billing__pay_by_invoice=True)
        | Order.objects.filter(status=OrderStatus.REFUNDING)
    )
    for done, order in enumerate(stuck, start=1):
        before = order.status
        report.orders_checked += 1
        try:
            if order.status == OrderStatus.REFUNDING:
                after = order_refund_unfulfillable(order_id=order.pk)
            elif order.status == OrderStatus.PENDING and not order.stripe_session_id:
                # The process died between holding the seats and reaching Stripe.
                after = order_release(
                    order_id=order.pk,
                    to=OrderStatus.FAILED,
                    reason="The checkout never reached Stripe.",
                )
            else:
                after = order_settle(order=order, now=now)
        except Exception as error:
            report.errors.append(f"order {order.pk}: {error}")
            continue
        if after.status != before:
            report.orders_changed[after.status] = report.orders_changed.get(after.status, 0) + 1
        progress(f"  orders: {done}/{len(stuck)} re-read")
