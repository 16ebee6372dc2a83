"""Every refund of an order with an invoice has a credit note.

An order a company paid by invoice is refunded with a credit note (``payments.orders.refunds``
creates it: the refund's Stripe id is the note's). A card order's refund is a Stripe Refund on
its charge; its credit note is then issued on the order's paid invoice, linked to that refund
(``refunds[0][refund]``), once per refund whatever the retries (the idempotency key names the
refund). Either way the note's number and PDF are recorded as a ``CreditNote`` of the
refund, for the order page and the credit-note email.
https://docs.stripe.com/invoicing/dashboard/credit-notes
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction

from payments.errors import StripeRefused
from payments.invoicing.models import CompanyBilling, CreditNote
from payments.models import OrderRefund
from payments.stripe_gateway import credit_note_create, credit_note_retrieve

logger = logging.getLogger(__name__)


def refund_credit_note_issue(*, refund_id: int) -> CreditNote | None:
    """The credit note of refund ``refund_id``, issued at Stripe if it is not yet; None when
    the order has no invoice (or Stripe refuses the note: logged, the refund stands).
    ``StripeUnreachable`` propagates, for the task to retry."""
    refund = OrderRefund.objects.select_related("order").get(pk=refund_id)
    existing = CreditNote.objects.filter(refund=refund).first()
    if existing is not None:
        return existing
    billing = CompanyBilling.objects.filter(order_id=refund.order_id).first()
    if billing is None or not billing.stripe_invoice_id:
        return None
    try:
        if refund.stripe_refund_id.startswith("cn_"):  # refunded by credit note (by invoice)
            note = credit_note_retrieve(credit_note_id=refund.stripe_refund_id)
        else:
            note = credit_note_create(
                invoice_id=billing.stripe_invoice_id,
                params={
                    "amount": refund.amount,
                    "reason": "order_change",
                    "memo": refund.reason or f"Refund of order {refund.order_id}",
                    "refunds": [
                        {"refund": refund.stripe_refund_id, "amount_refunded": refund.amount}
                    ],
                    "metadata": {"order_id": str(refund.order_id)},
                },
                key=f"refund-{refund.stripe_refund_id}",
            )
    except StripeRefused as error:
        logger.warning("No credit note for refund %s: %s", refund.pk, error)
        return None
    try:
        with transaction.atomic():
            return CreditNote.objects.create(
                refund=refund,
                stripe_credit_note_id=note["id"],
                number=note.get("number") or "",
                pdf_url=note.get("pdf") or "",
            )
    except IntegrityError:  # a concurrent twin recorded it
        return CreditNote.objects.get(refund=refund)
