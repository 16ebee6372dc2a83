"""Seats held for invoices are never oversold: real threads on PostgreSQL row locks, each
company going through the real pay-by-invoice service against the Stripe double."""

import pytest

from engine.capacity.models import Hold
from engine.capacity.services import places_left
from payments.errors import SoldOut
from payments.invoicing.models import CompanyBilling, InvoicingSettings
from payments.invoicing.services import CompanyDetails, order_pay_by_invoice
from payments.models import Order
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import VerifiedUserFactory, on_sale_cohort

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def test_three_companies_wanting_eight_of_ten_seats_at_once_get_one_order(stripe_double):
    settings = InvoicingSettings.load()
    settings.invoice_threshold = 5000
    settings.save()
    cohort = on_sale_cohort(name="July 2027 class", slug="july-2027", capacity=10)
    buyers = [VerifiedUserFactory(email=f"exec{i}@corp{i}.test") for i in range(3)]

    def buy(index: int):
        details = CompanyDetails(
            company_name=f"Corp {index}",
            address_line1="1 High St",
            city="London",
            country="GB",
            tax_id_type="gb_vat",
            tax_id_value="GB123456789",
            po_number=f"PO-{index}",
        )
        return order_pay_by_invoice(buyer=buyers[index], cohort=cohort, seats=8, details=details)

    results = run_in_threads(buy, 3)
    orders = [r for r in results if isinstance(r, Order)]
    sold_out = [r for r in results if isinstance(r, SoldOut)]
    assert len(orders) == 1 and len(sold_out) == 2, results
    assert Order.objects.filter(cohort=cohort).count() == 1
    assert Hold.objects.filter(target_id=cohort.pk, kind="cohort").count() == 1
    assert places_left(target=cohort) == 2
    # Only the company that got the seats was invoiced.
    assert CompanyBilling.objects.count() == 1
    assert len(stripe_double.requests_to("/v1/invoices", "POST")) == 1
