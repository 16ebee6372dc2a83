"""The demo's company purchases: one paid by invoice (a team of 8 with a PO number), one by
card as a company; each with its numbered invoice and a real PDF, loaded once."""

import pytest

from django.core.files.storage import default_storage

from demo.company_orders import seed_company_orders
from payments.invoicing.models import CompanyBilling
from payments.models import OrderStatus
from tests.factories import VerifiedUserFactory, on_sale_cohort

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_invoiced_team_order_and_a_card_company_order_once(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage"}}  # fmt: skip
    on_sale_cohort(slug="demo-next-class", capacity=30)
    on_sale_cohort(slug="demo-class-after-next", capacity=30)
    executive = VerifiedUserFactory(email="executive@institute.test")
    VerifiedUserFactory(email="exec.student@institute.test")
    with django_capture_on_commit_callbacks(execute=True):
        seed_company_orders(lambda line: None)
        seed_company_orders(lambda line: None)

    invoiced, card = CompanyBilling.objects.order_by("invoice_number")
    assert CompanyBilling.objects.count() == 2
    assert invoiced.pay_by_invoice and not card.pay_by_invoice
    assert invoiced.order.status == card.order.status == OrderStatus.FULFILLED
    assert invoiced.order.team.seats_total == 8 and invoiced.po_number == "PO-2027-0042"
    assert card.company_name and card.tax_id_value and card.order.team.seats_total == 2
    for billing in (invoiced, card):
        path = billing.invoice_pdf_url.split("/media/", 1)[1]
        with default_storage.open(path) as pdf:
            assert pdf.read(5) == b"%PDF-"
    client.force_login(executive)
    page = client.get(f"/payments/orders/{invoiced.order_id}/").content.decode()
    assert "Invoice DEMO-INV-0001" in page and "PO PO-2027-0042" in page
