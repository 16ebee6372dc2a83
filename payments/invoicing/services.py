"""Paying as a company: an order paid by invoice, and what Stripe says of its invoice.

    details checked at Stripe (customer + tax IDs) -> [order placed, seats held until the
    due date, billing row] -> invoice created, finalized, sent (Stripe)
    invoice.paid            -> order paid -> fulfilled (the team's seats claimable)
    due date passed unpaid  -> order expired (hold given back, waitlist offered), invoice void

Nothing is written before Stripe accepted the company's details, so an invalid tax ID leaves
no order and no hold. Every status move goes through ``payments.orders.lifecycle``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from courses.models import Cohort, EnrollmentTier
from engine.capacity.services import hold_place, places_left
from payments.errors import CheckoutRefused, PaymentProviderUnavailable, StripeGatewayError
from payments.invoicing.card import tax_id_refusal
from payments.invoicing.models import (
    DAYS_UNTIL_DUE,
    CompanyBilling,
    InvoiceStatus,
    InvoicingSettings,
)
from payments.models import Order, OrderStatus
from payments.money import money_format
from payments.orders.checkout import _order_place, seller_for
from payments.orders.fulfilment import order_fulfil
from payments.orders.lifecycle import order_end_unpaid, order_lock, order_release, order_transition
from payments.stripe_gateway import (
    company_customer_create,
    invoice_create_for_order,
    invoice_retrieve,
    invoice_void,
)

logger = logging.getLogger(__name__)

UNPAID_REASON = "The invoice was not paid by its due date, so the seats were released."


@dataclass(frozen=True)
class CompanyDetails:
    company_name: str
    address_line1: str
    city: str
    country: str
    address_line2: str = ""
    postal_code: str = ""
    tax_id_type: str = ""
    tax_id_value: str = ""
    po_number: str = ""

    def customer_params(self, *, email: str) -> dict:
        params: dict = {
            "name": self.company_name,
            "email": email,
            "address": {
                "line1": self.address_line1,
                "line2": self.address_line2,
                "city": self.city,
                "postal_code": self.postal_code,
                "country": self.country,
            },
        }
        params["address"] = {k: v for k, v in params["address"].items() if v}
        if self.tax_id_value:
            params["tax_id_data"] = [{"type": self.tax_id_type, "value": self.tax_id_value}]
        return params


def invoice_threshold() -> int:
    """The order total (minor units, before tax) from which paying by invoice is offered."""
    return InvoicingSettings.load().threshold_minor_units


def order_pay_by_invoice(
    *,
    buyer,
    cohort: Cohort,
    seats: int,
    details: CompanyDetails,
    tier: str = EnrollmentTier.STANDARD,
    now: datetime | None = None,
) -> Order:
    """Buy ``seats`` of ``cohort`` for a company, paid by an invoice due in 30 days.

    Raises ``CheckoutRefused`` (below the threshold, the class not on sale, Stripe refusing
    the company's details, e.g. an invalid tax ID: ``field`` names the form field),
    ``SoldOut`` or ``PaymentProviderUnavailable``, each with a message to show."""
    now = now or timezone.now()
    seller = seller_for(cohort)
    seller.checkout_refusal(cohort, buyer=buyer, tier=tier, seats=seats, team=None, now=now)
    quote = seller.quote(cohort, buyer=buyer, tier=tier, seats=seats, code=None, team=None, now=now)
    threshold = invoice_threshold()
    if quote.total_amount < threshold:
        raise CheckoutRefused(
            f"Paying by invoice is for orders of {money_format(threshold, quote.currency)} or "
            f"more; this one is {money_format(quote.total_amount, quote.currency)}. Pay by "
            "card, or buy more seats.",
            field="seats",
        )
    left = places_left(target=cohort, now=now)
    if left < seats:
        raise seller.sold_out(
            cohort, places_left=left, places_wanted=seats, tier=quote.tier, now=now
        )
    try:
        customer = company_customer_create(
            buyer_id=buyer.pk, params=details.customer_params(email=buyer.email)
        )
    except StripeGatewayError as error:
        raise tax_id_refusal(
            error, tax_id_type=details.tax_id_type, tax_id_value=details.tax_id_value
        ) from error
    due_at = now + timedelta(days=DAYS_UNTIL_DUE)
    with transaction.atomic():
        order = _order_place(buyer=buyer, target=cohort, quote=quote, team=None, now=now)
        # The seats stay held until the invoice's due date, not the card checkout's half hour.
        hold_place(
            target=cohort,
            reference=order.hold_reference,
            places=seats,
            expires_at=due_at,
            now=now,
        )
        order.expires_at = due_at
        order.customer_email = buyer.email
        order.save(update_fields=["expires_at", "customer_email"])
        billing = CompanyBilling.objects.create(
            order=order,
            pay_by_invoice=True,
            stripe_customer_id=customer["id"],
            due_at=due_at,
            **dict(details.__dict__),
        )
    try:
        invoice = invoice_create_for_order(
            order_id=order.pk,
            params=_invoice_params(order=order, billing=billing, customer_id=customer["id"]),
            items=[
                {
                    "customer": customer["id"],
                    "currency": order.currency,
                    "amount": order.total_amount,
                    "quantity": order.seats,
                    "description": order.lines.values_list("description", flat=True).first()
                    or order.product_name,
                }
            ],
        )
    except StripeGatewayError as error:
        order_release(order_id=order.pk, to=OrderStatus.FAILED, reason=error.message)
        raise PaymentProviderUnavailable(
            "We could not issue your invoice, so nothing is owed and the seats were released. "
            "Please try again in a minute."
        ) from error
    _billing_record(billing, invoice)
    Order.objects.filter(pk=order.pk).update(checkout_url=billing.hosted_invoice_url)
    order.refresh_from_db()
    return order


def _invoice_params(*, order: Order, billing: CompanyBilling, customer_id: str) -> dict:
    params: dict = {
        "customer": customer_id,
        "collection_method": "send_invoice",
        "days_until_due": DAYS_UNTIL_DUE,
        "currency": order.currency,
        "metadata": {"order_id": str(order.pk)},
        "description": f"Order {order.pk}: {order.product_name}",
        "automatic_tax": {"enabled": bool(settings.STRIPE_TAX_ENABLED)},
    }
    if billing.po_number:
        params["custom_fields"] = [{"name": "PO number", "value": billing.po_number}]
    return params


def _billing_record(billing: CompanyBilling, invoice: dict) -> None:
    billing.stripe_invoice_id = invoice["id"]
    billing.invoice_number = invoice.get("number") or ""
    billing.invoice_status = invoice.get("status") or ""
    billing.hosted_invoice_url = invoice.get("hosted_invoice_url") or ""
    billing.invoice_pdf_url = invoice.get("invoice_pdf") or ""
    if invoice.get("due_date"):
        billing.due_at = datetime.fromtimestamp(invoice["due_date"], UTC)
    billing.save()


def invoice_settle(*, invoice_id: str, now: datetime | None = None) -> Order | None:
    """Re-read invoice ``invoice_id`` from Stripe and apply it to its order (webhooks, the
    due-date sweep): paid -> the order paid and fulfilled; void, uncollectible, or still open
    past its due date -> the order expired, its seats released to the waitlist. Idempotent;
    None when the invoice is not one of ours."""
    now = now or timezone.now()
    invoice = invoice_retrieve(invoice_id=invoice_id)
    billing = CompanyBilling.objects.filter(stripe_invoice_id=invoice_id).first()
    if billing is None:
        logger.info("Invoice %s belongs to no order here; ignored.", invoice_id)
        return None
    void_it = False
    if not billing.pay_by_invoice:  # a card order's invoice, paid with its checkout
        _billing_record(billing, invoice)
        return billing.order
    with transaction.atomic():
        order = order_lock(billing.order_id)
        billing = CompanyBilling.objects.select_for_update().get(pk=billing.pk)
        _billing_record(billing, invoice)
        status = invoice.get("status")
        unpaid_past_due = status == "open" and billing.due_at is not None and billing.due_at <= now
        if status == InvoiceStatus.PAID:
            if order.status in (OrderStatus.PENDING, OrderStatus.EXPIRED, OrderStatus.FAILED):
                order.amount_paid = invoice.get("amount_paid") or 0
                order.tax_amount = invoice.get("tax") or 0
                order_transition(order, to=OrderStatus.PAID, now=now)
        elif status in (InvoiceStatus.VOID, InvoiceStatus.UNCOLLECTIBLE) or unpaid_past_due:
            if order.status == OrderStatus.PENDING:
                order_end_unpaid(order, to=OrderStatus.EXPIRED, reason=UNPAID_REASON)
            void_it = status == "open"
    if order.status == OrderStatus.PAID:
        order = order_fulfil(order_id=order.pk, now=now)
    if void_it:
        try:
            _billing_record(billing, invoice_void(invoice_id=invoice_id))
        except StripeGatewayError as error:  # paid at that very moment: the next read says so
            logger.warning("Could not void invoice %s: %s", invoice_id, error)
    return order


def invoices_due_settle(*, now: datetime | None = None) -> int:
    """The beat task's sweep: every order still waiting on an open invoice past its due date
    is settled (paid meanwhile wins; else released). Returns how many were looked at."""
    now = now or timezone.now()
    due = CompanyBilling.objects.filter(
        pay_by_invoice=True,
        invoice_status=InvoiceStatus.OPEN,
        due_at__lte=now,
        order__status=OrderStatus.PENDING,
    ).values_list("stripe_invoice_id", flat=True)
    count = 0
    for invoice_id in list(due):
        try:
            invoice_settle(invoice_id=invoice_id, now=now)
        except StripeGatewayError as error:
            logger.warning("Invoice %s could not be settled: %s", invoice_id, error)
        count += 1
    return count
