"""An order's company billing details and its Stripe invoice; the threshold editors set."""

from django.db import models

from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from payments.models import Order

DAYS_UNTIL_DUE = 30


@register_setting(icon="doc-full")
class InvoicingSettings(BaseGenericSetting):
    """Editors decide from which order total a company may pay by invoice."""

    invoice_threshold = models.PositiveIntegerField(
        default=2000,
        help_text=(
            "Orders of this amount or more (before tax, in whole units of the shop's "
            "currency, e.g. 2000 for 2,000.00) may be paid by invoice, due in 30 days."
        ),
    )

    class Meta:
        verbose_name = "Paying by invoice"

    @property
    def threshold_minor_units(self) -> int:
        return self.invoice_threshold * 100


class InvoiceStatus(models.TextChoices):
    NONE = "", "No invoice"
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open (waiting for payment)"
    PAID = "paid", "Paid"
    VOID = "void", "Void"
    UNCOLLECTIBLE = "uncollectible", "Uncollectible"


class CompanyBilling(models.Model):
    """Who an order is billed to and the numbered invoice Stripe issued for it: paying by
    invoice (``pay_by_invoice``), or by card, where Checkout's ``invoice_creation`` made a
    paid invoice. A card order bought by a person has the invoice and no company name."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="company_billing")
    company_name = models.CharField(max_length=200, blank=True)
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166 two-letter code, e.g. GB."
    )
    tax_id_type = models.CharField(max_length=20, blank=True)
    tax_id_value = models.CharField(max_length=40, blank=True)
    po_number = models.CharField("purchase-order number", max_length=100, blank=True)
    pay_by_invoice = models.BooleanField(default=False)
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    stripe_invoice_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    invoice_number = models.CharField(max_length=100, blank=True)
    invoice_status = models.CharField(
        max_length=20, choices=InvoiceStatus.choices, blank=True, default=InvoiceStatus.NONE
    )
    hosted_invoice_url = models.URLField(max_length=1000, blank=True)
    invoice_pdf_url = models.URLField(max_length=1000, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["invoice_status", "due_at"], name="invoicing_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.company_name} (order {self.order_id})"


class CreditNote(models.Model):
    """The Stripe credit note of one refund of an order that has an invoice: the note a
    company paying by invoice was refunded with, or the one linked to a card refund."""

    refund = models.OneToOneField(
        "payments.OrderRefund", on_delete=models.CASCADE, related_name="credit_note"
    )
    stripe_credit_note_id = models.CharField(max_length=255, unique=True)
    number = models.CharField(max_length=100)
    pdf_url = models.URLField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Credit note {self.number}"
