"""A buyer's orders in the API carry the order's invoice (number, status, PDF, who it is
billed to) and each refund's credit note; an order without an invoice says ``null``; the list
costs the same queries at 1x and 10x orders."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from payments.invoicing.models import CompanyBilling, CreditNote, InvoiceStatus
from payments.models import OrderRefund, RefundSource
from tests.factories import OrderFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/payments/orders/"


def invoiced_order(buyer, *, n: int = 1):
    order = OrderFactory(buyer=buyer, amount_refunded=50_000)
    CompanyBilling.objects.create(
        order=order,
        company_name="Acme Ltd",
        country="GB",
        tax_id_type="gb_vat",
        tax_id_value="GB123456789",
        po_number=f"PO-{n}",
        stripe_invoice_id=f"in_{n}",
        invoice_number=f"INST-{n:04d}",
        invoice_status=InvoiceStatus.PAID,
        invoice_pdf_url=f"https://files.example/in_{n}.pdf",
        hosted_invoice_url=f"https://invoice.example/in_{n}",
    )
    refund = OrderRefund.objects.create(
        order=order, stripe_refund_id=f"re_{n}", amount=50_000, source=RefundSource.ADMIN
    )
    CreditNote.objects.create(
        refund=refund,
        stripe_credit_note_id=f"cn_{n}",
        number=f"INST-{n:04d}-CN-01",
        pdf_url=f"https://files.example/cn_{n}.pdf",
    )
    return order


def test_an_order_shows_its_invoice_and_each_refunds_credit_note(client):
    buyer = VerifiedUserFactory()
    order = invoiced_order(buyer)
    client.force_login(buyer)

    body = client.get(f"{API}{order.pk}/").json()

    assert body["invoice"] == {
        "number": "INST-0001",
        "status": "paid",
        "pay_by_invoice": False,
        "due_at": None,
        "pdf_url": "https://files.example/in_1.pdf",
        "hosted_url": "https://invoice.example/in_1",
        "company_name": "Acme Ltd",
        "country": "GB",
        "tax_id": "GB123456789",
        "po_number": "PO-1",
    }
    [refund] = body["refunds"]
    assert refund["amount"] == 50_000
    assert refund["credit_note"]["number"] == "INST-0001-CN-01"
    assert refund["credit_note"]["pdf_url"] == "https://files.example/cn_1.pdf"
    assert client.get(API).json()[0]["invoice"]["number"] == "INST-0001"


def test_an_order_without_an_invoice_says_null(client):
    buyer = VerifiedUserFactory()
    order = OrderFactory(buyer=buyer)
    OrderRefund.objects.create(
        order=order, stripe_refund_id="re_plain", amount=1_000, source=RefundSource.ADMIN
    )
    client.force_login(buyer)

    body = client.get(f"{API}{order.pk}/").json()

    assert body["invoice"] is None
    assert body["refunds"][0]["credit_note"] is None


def test_the_order_list_costs_the_same_queries_at_1x_and_10x(client):
    buyer = VerifiedUserFactory()
    invoiced_order(buyer, n=1)
    client.force_login(buyer)
    client.get(API)  # the session is read and cached once

    def queries_for_list(expected: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(API).json()) == expected
        return len(queries)

    one = queries_for_list(1)
    for n in range(2, 11):
        invoiced_order(buyer, n=n)
    assert queries_for_list(10) == one


def test_staff_see_the_invoice_and_credit_notes_when_inspecting_an_order(client, django_user_model):
    staff = django_user_model.objects.create_superuser(email="boss@example.com", password="x")
    order = invoiced_order(VerifiedUserFactory())
    client.force_login(staff)

    page = client.get(f"/admin/payments/orders/inspect/{order.pk}/").text

    assert (
        '<a href="https://files.example/in_1.pdf">INST-0001</a> (Paid), billed to Acme Ltd' in page
    )
    assert "tax ID GB123456789, PO PO-1" in page
    assert '<a href="https://files.example/cn_1.pdf">INST-0001-CN-01</a>' in page
