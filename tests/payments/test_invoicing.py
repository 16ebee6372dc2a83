"""Paying as a company: an order above the editors' threshold paid by invoice (due in 30
days), its seats held until then, claimable once the invoice is paid, released to the waitlist
if it is not; an invalid tax ID refused clearly; automatic tax on and off. All through the
real services and the Stripe double (the real SDK over HTTP)."""

import datetime as dt

import pytest
import time_machine

from django.utils import timezone

from engine.capacity.models import Hold, WaitlistEntry, WaitlistStatus
from engine.capacity.services import places_left
from payments.errors import CheckoutRefused
from payments.invoicing.models import CompanyBilling, InvoicingSettings
from payments.invoicing.services import (
    UNPAID_REASON,
    CompanyDetails,
    invoices_due_settle,
    order_pay_by_invoice,
)
from payments.models import Order, OrderStatus, TeamSeat
from payments.teams import team_invite, team_seat_claim
from payments.waitlist import waitlist_join
from tests.factories import EnrollmentFactory, VerifiedUserFactory, on_sale_cohort

from .conftest import post_event

pytestmark = pytest.mark.django_db

ACME = CompanyDetails(
    company_name="Acme Ltd",
    address_line1="1 Quay St",
    city="Dublin",
    postal_code="D01",
    country="IE",
    tax_id_type="eu_vat",
    tax_id_value="IE1234567T",
    po_number="PO-7781",
)


@pytest.fixture
def threshold(db):
    settings = InvoicingSettings.load()
    settings.invoice_threshold = 5000  # 5,000.00: 8 seats at 1,500.00 qualify, 2 do not
    settings.save()
    return settings


@pytest.fixture
def executive(db):
    return VerifiedUserFactory(email="erin@acme.test", first_name="Erin")


@pytest.fixture
def small_class(db):
    return on_sale_cohort(name="June 2027 class", slug="june-2027", capacity=10)


def buy(executive, cohort, *, seats=8, details=ACME):
    return order_pay_by_invoice(buyer=executive, cohort=cohort, seats=seats, details=details)


def deliver_invoice_event(client, double, settle, event_type, invoice_id):
    events = [
        e for e in double.events_of_type(event_type) if e["data"]["object"]["id"] == invoice_id
    ]
    assert events, f"no {event_type} for {invoice_id}"
    with settle():
        response = post_event(client, double, events[-1]["id"])
    assert response.status_code == 200


def test_an_order_paid_by_invoice_holds_the_seats_until_the_due_date(
    stripe_double, threshold, executive, small_class
):
    before = timezone.now()
    order = buy(executive, small_class)
    billing = order.company_billing
    assert order.status == OrderStatus.PENDING
    hold = Hold.objects.get(reference=order.hold_reference)
    assert hold.places == 8
    due = before + dt.timedelta(days=30)
    assert abs((hold.expires_at - due).total_seconds()) < 60
    assert abs((billing.due_at - due).total_seconds()) < 60
    assert places_left(target=small_class) == 2
    # At Stripe: a numbered, sent invoice with the PO number, the company and its tax ID.
    invoice = stripe_double.get(billing.stripe_invoice_id)
    assert invoice["status"] == "open" and invoice["number"] == billing.invoice_number
    assert invoice["custom_fields"] == [{"name": "PO number", "value": "PO-7781"}]
    assert invoice["customer_name"] == "Acme Ltd"
    assert invoice["customer_tax_ids"] == [{"type": "eu_vat", "value": "IE1234567T"}]
    assert invoice["total"] == order.total_amount
    assert stripe_double.events_of_type("invoice.sent")
    assert billing.invoice_pdf_url.endswith("/pdf") and billing.hosted_invoice_url
    assert order.checkout_url == billing.hosted_invoice_url


def test_the_paid_invoice_makes_the_seats_claimable(
    client, stripe_double, settle, threshold, executive, small_class
):
    order = buy(executive, small_class)
    invoice_id = order.company_billing.stripe_invoice_id
    stripe_double.pay_invoice(invoice_id)
    deliver_invoice_event(client, stripe_double, settle, "invoice.paid", invoice_id)
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert order.amount_paid == order.total_amount
    assert order.team is not None and order.team.seats_total == 8
    assert not Hold.objects.filter(reference=order.hold_reference).exists()
    colleague = VerifiedUserFactory(email="cole@acme.test")
    seat = team_seat_claim(
        invitation=team_invite(team=order.team, actor=executive, email=colleague.email),
        user=colleague,
    )
    assert seat.enrollment.cohort == small_class
    # The same event again changes nothing.
    deliver_invoice_event(client, stripe_double, settle, "invoice.paid", invoice_id)
    assert TeamSeat.objects.filter(team=order.team).count() == 1


def test_an_invoice_unpaid_at_its_due_date_releases_the_seats_and_offers_the_waitlist(
    stripe_double, settle, threshold, executive, small_class, mailoutbox
):
    order = buy(executive, small_class)
    # The two seats left go to someone else, so the class is full and people wait.
    EnrollmentFactory(cohort=small_class)
    EnrollmentFactory(cohort=small_class)
    entry = waitlist_join(target=small_class, email="wanda@example.com").entry
    assert places_left(target=small_class) == 0
    with settle():
        assert invoices_due_settle(now=timezone.now() + dt.timedelta(days=29)) == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    later = timezone.now() + dt.timedelta(days=30, hours=1)
    with time_machine.travel(later, tick=False), settle():
        assert invoices_due_settle() == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED and order.failure_reason == UNPAID_REASON
    assert not Hold.objects.filter(reference=order.hold_reference).exists()
    assert stripe_double.get(order.company_billing.stripe_invoice_id)["status"] == "void"
    assert CompanyBilling.objects.get(order=order).invoice_status == "void"
    assert WaitlistEntry.objects.get(pk=entry.pk).status == WaitlistStatus.OFFERED
    assert any(m.to == ["wanda@example.com"] for m in mailoutbox)


def test_the_overdue_webhook_releases_the_seats_too(
    client, stripe_double, settle, threshold, executive, small_class
):
    order = buy(executive, small_class)
    invoice_id = order.company_billing.stripe_invoice_id
    with time_machine.travel(timezone.now() + dt.timedelta(days=30, hours=1), tick=False):
        stripe_double.sweep()  # the double's clock passes the due date: invoice.overdue
        deliver_invoice_event(client, stripe_double, settle, "invoice.overdue", invoice_id)
    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED
    assert places_left(target=small_class) == 10


def test_paid_at_the_last_moment_wins_over_the_due_date_sweep(
    stripe_double, settle, threshold, executive, small_class
):
    order = buy(executive, small_class)
    stripe_double.pay_invoice(order.company_billing.stripe_invoice_id)  # webhook lost
    with time_machine.travel(timezone.now() + dt.timedelta(days=31), tick=False), settle():
        invoices_due_settle()
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED


def test_an_invalid_tax_id_gets_a_clear_message_and_nothing_is_written(
    stripe_double, threshold, executive, small_class
):
    bad = CompanyDetails(**{**ACME.__dict__, "tax_id_value": "IE12"})
    with pytest.raises(CheckoutRefused) as refused:
        buy(executive, small_class, details=bad)
    assert refused.value.field == "tax_id_value"
    assert "IE12" in refused.value.message and "eu_vat" in refused.value.message
    assert "DE123456789" in refused.value.message  # Stripe's example of the right shape
    assert not Order.objects.exists() and not Hold.objects.exists()
    assert not stripe_double.requests_to("/v1/invoices", "POST")


def test_below_the_threshold_paying_by_invoice_is_refused(
    stripe_double, threshold, executive, small_class
):
    with pytest.raises(CheckoutRefused, match=r"orders of .*5,000\.00 or more") as refused:
        buy(executive, small_class, seats=2)
    assert refused.value.field == "seats"
    assert not Order.objects.exists() and not stripe_double.requests


@pytest.mark.parametrize(("enabled", "tax"), [(True, 23), (False, 0)])
def test_automatic_tax_follows_the_environment_setting(
    client, stripe_double, settle, settings, threshold, executive, small_class, enabled, tax
):
    settings.STRIPE_TAX_ENABLED = enabled
    order = buy(executive, small_class)
    invoice = stripe_double.get(order.company_billing.stripe_invoice_id)
    assert invoice["automatic_tax"]["enabled"] is enabled
    assert invoice["tax"] == order.total_amount * tax // 100
    stripe_double.pay_invoice(invoice["id"])
    deliver_invoice_event(client, stripe_double, settle, "invoice.paid", invoice["id"])
    order.refresh_from_db()
    assert order.tax_amount == invoice["tax"]
    assert order.amount_paid == order.total_amount + invoice["tax"]


def company_form(**overrides):
    data = {
        "tier": "standard",
        "seats": "8",
        "company_name": "Acme Ltd",
        "address_line1": "1 Quay St",
        "city": "Dublin",
        "postal_code": "D01",
        "country": "ie",
        "tax_id_type": "eu_vat",
        "tax_id_value": "IE1234567T",
        "po_number": "PO-7781",
    }
    data.update(overrides)
    return data


def test_the_company_form_orders_and_the_order_page_links_the_numbered_invoice(
    client, stripe_double, threshold, executive, small_class
):
    client.force_login(executive)
    url = f"/payments/buy/{small_class.slug}/company/"
    page = client.get(url)
    assert page.status_code == 200 and "Purchase-order number" in page.content.decode()
    response = client.post(url, company_form())
    order = Order.objects.get()
    assert response.status_code == 302 and response.url == f"/payments/orders/{order.pk}/"
    detail = client.get(response.url).content.decode()
    billing = order.company_billing
    assert "Waiting for your invoice to be paid" in detail
    assert f"Invoice {billing.invoice_number}" in detail
    assert billing.invoice_pdf_url in detail and "PO PO-7781" in detail
    assert billing.country == "IE"


def test_the_company_form_names_the_bad_tax_id_and_keeps_nothing(
    client, stripe_double, threshold, executive, small_class
):
    client.force_login(executive)
    url = f"/payments/buy/{small_class.slug}/company/"
    response = client.post(url, company_form(tax_id_value="IE12"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a valid eu_vat number" in page and "IE12" in page
    assert not Order.objects.exists()
    missing_type = client.post(url, company_form(tax_id_type=""))
    assert "Say which kind of tax ID this is." in missing_type.content.decode()
    small = client.post(url, company_form(seats="2"))
    assert small.status_code == 400 and "or more; this one is" in small.content.decode()


def test_refunding_an_invoiced_order_issues_a_credit_note_and_ends_the_seats(
    client, stripe_double, settle, threshold, executive, small_class, mailoutbox
):
    from payments.models import OrderRefund
    from payments.orders import order_refund

    order = buy(executive, small_class)
    invoice_id = order.company_billing.stripe_invoice_id
    stripe_double.pay_invoice(invoice_id)
    deliver_invoice_event(client, stripe_double, settle, "invoice.paid", invoice_id)
    order.refresh_from_db()
    with settle():
        part = order_refund(order=order, amount=100_000, reason="One seat too many")
    assert part.status == OrderStatus.FULFILLED and part.amount_refunded == 100_000
    with settle():
        whole = order_refund(order=order)
    assert whole.status == OrderStatus.REFUNDED
    notes = [o for o in stripe_double.store.all("credit_note") if o["invoice"] == invoice_id]
    invoice = stripe_double.get(invoice_id)
    assert sorted(n["number"] for n in notes) == [
        f"{invoice['number']}-CN-01",
        f"{invoice['number']}-CN-02",
    ]
    assert sum(n["amount"] for n in notes) == order.amount_paid
    assert OrderRefund.objects.filter(order=order).count() == 2
    # Each refund shows its credit note (number, PDF) as a card refund's does.
    from payments.invoicing.models import CreditNote

    numbers = sorted(
        CreditNote.objects.filter(refund__order=order).values_list("number", flat=True)
    )
    assert numbers == sorted(n["number"] for n in notes)
    assert places_left(target=small_class) == 10
    assert len([m for m in mailoutbox if "Credit note" in m.subject]) == 2
