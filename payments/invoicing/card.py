"""Buying as a company by card, and the numbered invoice of every card order.

    buy page, "buying for a company" (PO number, maybe a tax ID)
      -> tax ID given: a Stripe Customer with it (Stripe checks its format; an invalid one is
         refused with Stripe's reason, nothing written)
      -> payments.orders checkout with ``CheckoutCompany``: Stripe Checkout collects the
         business name, the billing address (required) and tax IDs itself, and makes an
         invoice with the PO number as a custom field
    checkout.session.completed (paid)
      -> ``order_invoice_record``: what Stripe returned (customer_details: business name,
         address, tax IDs; the invoice: number, hosted page, PDF, custom fields) on the order's
         ``CompanyBilling`` row, the same row an order paid by invoice has

Every card checkout asks Checkout for an invoice (``invoice_creation``), so every paid card
order has a numbered invoice; only a company's gets the business details and the PO number.
https://docs.stripe.com/payments/checkout/receipts#paid-invoices,
https://docs.stripe.com/tax/checkout/tax-ids
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction

from payments.errors import CheckoutRefused, PaymentProviderUnavailable, StripeGatewayError
from payments.invoicing.models import CompanyBilling
from payments.orders.checkout_sessions import PO_FIELD, CheckoutCompany
from payments.stripe_gateway import company_customer_create

logger = logging.getLogger(__name__)


def checkout_company_prepare(
    *, buyer, po_number: str = "", tax_id_type: str = "", tax_id_value: str = ""
) -> CheckoutCompany:
    """What a company's card checkout needs before the order is placed: with a tax ID, a
    Stripe Customer holding it (Checkout shows it and may add to it). Raises
    ``CheckoutRefused`` (``field="tax_id_value"``) when Stripe finds the tax ID invalid,
    ``PaymentProviderUnavailable`` when Stripe cannot be asked; nothing is written either way."""
    customer_id = ""
    if tax_id_value:
        params = {
            "email": buyer.email,
            "tax_id_data": [{"type": tax_id_type, "value": tax_id_value}],
        }
        try:
            customer_id = company_customer_create(buyer_id=buyer.pk, params=params)["id"]
        except StripeGatewayError as error:
            refusal = tax_id_refusal(error, tax_id_type=tax_id_type, tax_id_value=tax_id_value)
            raise refusal from error
    return CheckoutCompany(po_number=po_number, customer_id=customer_id)


def tax_id_refusal(
    error: StripeGatewayError, *, tax_id_type: str, tax_id_value: str
) -> CheckoutRefused | PaymentProviderUnavailable:
    """The buyer's message for Stripe refusing a customer: an invalid tax ID names the value,
    its type and Stripe's example of the right shape."""
    if error.stripe_code == "tax_id_invalid":
        return CheckoutRefused(
            f"The tax ID “{tax_id_value}” is not a valid {tax_id_type} number: "
            f"{error.message.split(': ', 1)[-1]} Check it and try again.",
            field="tax_id_value",
        )
    return PaymentProviderUnavailable(error.message)


def order_invoice_record(*, order_id: int, session: dict) -> CompanyBilling | None:
    """Record the invoice Checkout made for order ``order_id`` (``session["invoice"]``
    expanded) and, for a company, who it is billed to. Idempotent (one row per order);
    None when the session made no invoice."""
    invoice = session.get("invoice")
    if not isinstance(invoice, dict) or not invoice.get("id"):
        return None
    details = session.get("customer_details") or {}
    address = details.get("address") or {}
    tax_ids = details.get("tax_ids") or []
    fields = {field["name"]: field["value"] for field in (invoice.get("custom_fields") or [])}
    company = details.get("business_name") or ""
    values = {
        "stripe_invoice_id": invoice["id"],
        "invoice_number": invoice.get("number") or "",
        "invoice_status": invoice.get("status") or "",
        "hosted_invoice_url": invoice.get("hosted_invoice_url") or "",
        "invoice_pdf_url": invoice.get("invoice_pdf") or "",
        "stripe_customer_id": invoice.get("customer") or "",
        "po_number": fields.get(PO_FIELD, ""),
        "company_name": company,
    }
    if company or tax_ids or values["po_number"]:  # a company's: who the invoice is for
        values.update(
            address_line1=address.get("line1") or "",
            address_line2=address.get("line2") or "",
            city=address.get("city") or "",
            postal_code=address.get("postal_code") or "",
            country=address.get("country") or "",
            tax_id_type=tax_ids[0]["type"] if tax_ids else "",
            tax_id_value=tax_ids[0]["value"] if tax_ids else "",
        )
    try:
        with transaction.atomic():
            billing, _ = CompanyBilling.objects.update_or_create(
                order_id=order_id, pay_by_invoice=False, defaults=values
            )
    except IntegrityError:  # an order paid by invoice already has its row: never overwrite
        logger.warning("Order %s already has a billing row; invoice %s not recorded.",
                       order_id, invoice["id"])  # fmt: skip
        return CompanyBilling.objects.filter(order_id=order_id).first()
    return billing
