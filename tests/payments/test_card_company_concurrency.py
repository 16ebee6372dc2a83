"""A card order's invoice and a refund's credit note are recorded once, whatever runs at the
same time: real threads on PostgreSQL, the real services, the Stripe double."""

import pytest

from payments.invoicing.credit_notes import refund_credit_note_issue
from payments.invoicing.models import CompanyBilling, CreditNote
from payments.models import Order, OrderRefund, OrderStatus
from payments.orders import checkout_session_settle, order_checkout_start, order_refund
from payments.orders.checkout_sessions import CheckoutCompany
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import VerifiedUserFactory, on_sale_cohort

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]

ADDRESS = {"line1": "1 Quay St", "city": "Dublin", "country": "IE"}


def paid_company_order(stripe_double) -> Order:
    cohort = on_sale_cohort(name="August 2027 class", slug="august-2027", capacity=10)
    buyer = VerifiedUserFactory(email="ap@acme.test")
    checkout = order_checkout_start(
        buyer=buyer, target=cohort, seats=2, company=CheckoutCompany(po_number="PO-1")
    )
    stripe_double.complete_session(
        checkout.order.stripe_session_id, business_name="Acme Ltd", address=ADDRESS
    )
    return checkout.order


def test_five_settles_of_one_paid_company_session_record_one_invoice_row(stripe_double):
    order = paid_company_order(stripe_double)
    results = run_in_threads(
        lambda _: checkout_session_settle(session_id=order.stripe_session_id), 5
    )
    assert all(isinstance(r, Order) for r in results), results
    (billing,) = CompanyBilling.objects.filter(order=order)
    assert (billing.company_name, billing.po_number) == ("Acme Ltd", "PO-1")
    assert billing.invoice_number
    assert Order.objects.get(pk=order.pk).status == OrderStatus.FULFILLED


def test_a_refunds_credit_note_issued_by_three_workers_at_once_is_one_note(stripe_double):
    order = paid_company_order(stripe_double)
    checkout_session_settle(session_id=order.stripe_session_id)
    order_refund(order=Order.objects.get(pk=order.pk), amount=10_000)
    refund = OrderRefund.objects.get(order=order)
    CreditNote.objects.filter(refund=refund).delete()  # as if the email task had not run yet
    results = run_in_threads(lambda _: refund_credit_note_issue(refund_id=refund.pk), 3)
    assert all(isinstance(r, CreditNote) for r in results), results
    assert CreditNote.objects.filter(refund=refund).count() == 1
    notes = [
        n for n in stripe_double.store.all("credit_note") if n["refund"] == refund.stripe_refund_id
    ]
    assert len(notes) == 1
