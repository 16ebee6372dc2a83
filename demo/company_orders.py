"""Two company purchases, so the order pages show what paying as a company looks like: the
demo executive's 8-seat team in the next class, paid by invoice with a PO number, and a
2-seat purchase in the class after, paid by card as a company (Checkout's invoice).

Stripe is not running when ``seed_demo`` runs (``make run`` starts the test double after it),
so these orders are placed and fulfilled through the real services (holds, the order's
lifecycle, fulfilment making the team) with the Stripe side recorded as it would have come
back: an invoice number marked DEMO and a one-page PDF the demo writes to media storage,
saying no money moved. Idempotent: an order whose invoice number exists is left as it is.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from courses.models import Cohort
from payments.invoicing.models import DAYS_UNTIL_DUE, CompanyBilling
from payments.models import OrderStatus
from payments.money import money_format
from payments.orders.checkout import _order_place, seller_for
from payments.orders.fulfilment import order_fulfil
from payments.orders.lifecycle import order_lock, order_transition

Report = Callable[[str], None]


@dataclass(frozen=True)
class DemoCompanyOrder:
    buyer_email: str
    class_slug: str
    seats: int
    tier: str
    pay_by_invoice: bool
    invoice_number: str
    company_name: str
    address_line1: str
    city: str
    postal_code: str
    country: str
    tax_id_type: str
    tax_id_value: str
    po_number: str


DEMO_COMPANY_ORDERS = (
    DemoCompanyOrder(
        buyer_email="executive@institute.test",
        class_slug="demo-next-class",
        seats=8,
        tier="standard",
        pay_by_invoice=True,
        invoice_number="DEMO-INV-0001",
        company_name="Acme Ltd",
        address_line1="1 Quay Street",
        city="Dublin",
        postal_code="D01 F5P2",
        country="IE",
        tax_id_type="eu_vat",
        tax_id_value="IE1234567T",
        po_number="PO-2027-0042",
    ),
    DemoCompanyOrder(
        buyer_email="exec.student@institute.test",
        class_slug="demo-class-after-next",
        seats=2,
        tier="standard",
        pay_by_invoice=False,
        invoice_number="DEMO-INV-0002",
        company_name="Brightline Analytics GmbH",
        address_line1="Torstraße 49",
        city="Berlin",
        postal_code="10119",
        country="DE",
        tax_id_type="eu_vat",
        tax_id_value="DE123456789",
        po_number="BL-7781",
    ),
)


def seed_company_orders(report: Report) -> None:
    for spec in DEMO_COMPANY_ORDERS:
        if CompanyBilling.objects.filter(invoice_number=spec.invoice_number).exists():
            report(f"kept the order of invoice {spec.invoice_number}")
            continue
        buyer = get_user_model().objects.filter(email=spec.buyer_email).first()
        cohort = Cohort.objects.filter(slug=spec.class_slug).first()
        if buyer is None or cohort is None:
            report(f"skipped invoice {spec.invoice_number}: its buyer or class is missing")
            continue
        order = _company_order(spec, buyer=buyer, cohort=cohort)
        how = "by invoice" if spec.pay_by_invoice else "by card"
        report(f"order {order.pk}: {spec.company_name}, {spec.seats} seats paid {how}")


def _company_order(spec: DemoCompanyOrder, *, buyer, cohort: Cohort):
    now = timezone.now()
    seller = seller_for(cohort)
    quote = seller.quote(
        cohort, buyer=buyer, tier=spec.tier, seats=spec.seats, code=None, team=None, now=now
    )
    with transaction.atomic():
        order = _order_place(buyer=buyer, target=cohort, quote=quote, team=None, now=now)
        pdf_url = _invoice_pdf(spec, order=order, paid_at=now)
        CompanyBilling.objects.create(
            order=order,
            company_name=spec.company_name,
            address_line1=spec.address_line1,
            city=spec.city,
            postal_code=spec.postal_code,
            country=spec.country,
            tax_id_type=spec.tax_id_type,
            tax_id_value=spec.tax_id_value,
            po_number=spec.po_number,
            pay_by_invoice=spec.pay_by_invoice,
            invoice_number=spec.invoice_number,
            invoice_status="paid",
            invoice_pdf_url=pdf_url,
            due_at=now + timedelta(days=DAYS_UNTIL_DUE) if spec.pay_by_invoice else None,
        )
        order = order_lock(order.pk)
        order.amount_paid = order.total_amount
        order_transition(order, to=OrderStatus.PAID, now=now)
    return order_fulfil(order_id=order.pk, now=now)


def _invoice_pdf(spec: DemoCompanyOrder, *, order, paid_at) -> str:
    """A one-page PDF of the demo invoice in media storage; its absolute URL."""
    rows = [
        ("Billed to", f"{spec.company_name}, {spec.address_line1}, {spec.city}, {spec.country}"),
        ("Tax ID", spec.tax_id_value),
        ("PO number", spec.po_number),
        ("Order", f"{order.pk}: {spec.seats} x {order.product_name}"),
        ("Total", money_format(order.total_amount, order.currency)),
        ("Paid", f"{paid_at:%d %B %Y}, {'by bank transfer' if spec.pay_by_invoice else 'by card'}"),
    ]
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 8, "DEMO INVOICE - made by seed_demo, no money moved", new_x=XPos.LMARGIN,
             new_y=YPos.NEXT)  # fmt: skip
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 12, f"Invoice {spec.invoice_number}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 11)
    for label, value in rows:
        text = f"{label}: {value}".encode("latin-1", "replace").decode("latin-1")
        pdf.multi_cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    path = default_storage.save(
        f"demo/invoices/{spec.invoice_number}.pdf", ContentFile(bytes(pdf.output()))
    )
    return settings.SITE_URL.rstrip("/") + default_storage.url(path)
