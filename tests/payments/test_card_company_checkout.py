"""Buying as a company by card (Stripe Checkout's tax ID, billing address and business name
collection, and its invoice creation), and the numbered invoice every card order gets: end to
end through the buy page, the Stripe double (the real SDK over HTTP) and the signed webhook."""

import pytest

from payments.invoicing.models import CompanyBilling
from payments.models import Order, OrderStatus
from tests.factories import VerifiedUserFactory

from .conftest import deliver

pytestmark = pytest.mark.django_db

ACME_ADDRESS = {"line1": "1 Quay St", "city": "Dublin", "postal_code": "D01", "country": "IE"}


def buy_form(**overrides) -> dict:
    data = {"tier": "standard", "seats": "3", "action": "pay"}
    data.update(overrides)
    return data


def company_form(**overrides) -> dict:
    return buy_form(**{"for_company": "on", "po_number": "PO-2027-0042", **overrides})


def start(client, buyer, cohort, data) -> tuple:
    client.force_login(buyer)
    response = client.post(f"/payments/buy/{cohort.slug}/", data)
    return response, Order.objects.filter(buyer=buyer).order_by("-pk").first()


def session_request(double) -> dict:
    (request,) = double.requests_to("/v1/checkout/sessions", "POST")
    return request.params


def test_a_company_checkout_asks_stripe_for_its_details_and_an_invoice_with_the_po_number(
    client, stripe_double, buyer, cohort
):
    response, order = start(client, buyer, cohort, company_form())
    assert response.status_code == 302 and response["Location"] == order.checkout_url
    params = session_request(stripe_double)
    assert params["billing_address_collection"] == "required"
    assert params["tax_id_collection"] == {"enabled": "true"}
    assert params["name_collection"] == {"business": {"enabled": "true"}}
    assert params["customer_creation"] == "always"
    assert params["invoice_creation"]["enabled"] == "true"
    assert params["invoice_creation"]["invoice_data"]["custom_fields"] == [
        {"name": "PO number", "value": "PO-2027-0042"}
    ]
    assert "automatic_tax" not in params


def test_a_card_company_order_records_what_stripe_returned_and_shows_the_invoice(
    client, stripe_double, settle, buyer, cohort, mailoutbox
):
    _, order = start(client, buyer, cohort, company_form())
    stripe_double.complete_session(
        order.stripe_session_id,
        business_name="Acme Ltd",
        address=ACME_ADDRESS,
        tax_ids=[("eu_vat", "IE1234567T")],
    )
    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
    assert order.status == OrderStatus.FULFILLED and order.team is not None

    billing = CompanyBilling.objects.get(order=order)
    session = stripe_double.get(order.stripe_session_id)
    invoice = stripe_double.get(session["invoice"])
    assert invoice["status"] == "paid" and invoice["total"] == order.amount_paid
    assert invoice["custom_fields"] == [{"name": "PO number", "value": "PO-2027-0042"}]
    assert invoice["customer_name"] == "Acme Ltd"
    assert invoice["customer_tax_ids"] == [{"type": "eu_vat", "value": "IE1234567T"}]
    assert (billing.company_name, billing.city, billing.country) == ("Acme Ltd", "Dublin", "IE")
    assert (billing.tax_id_type, billing.tax_id_value) == ("eu_vat", "IE1234567T")
    assert billing.po_number == "PO-2027-0042" and not billing.pay_by_invoice
    assert billing.invoice_number == invoice["number"] and billing.invoice_status == "paid"
    assert billing.invoice_pdf_url == invoice["invoice_pdf"]

    page = client.get(f"/payments/orders/{order.pk}/").content.decode()
    assert f"Invoice {billing.invoice_number}" in page
    assert billing.invoice_pdf_url in page and "Billed to Acme Ltd" in page
    assert "PO PO-2027-0042" in page and "Tax ID IE1234567T" in page

    (receipt,) = [
        m for m in mailoutbox if m.subject.endswith(f"order {order.pk}: {order.product_name}")
    ]
    html = receipt.alternatives[0][0]
    for part in (receipt.body, html):
        assert f"Invoice {billing.invoice_number}" in part and billing.invoice_pdf_url in part
        assert "Acme Ltd" in part and "PO PO-2027-0042" in part


def test_every_card_order_gets_a_numbered_invoice_without_company_details(
    client, stripe_double, settle, buyer, cohort, mailoutbox
):
    _, order = start(client, buyer, cohort, buy_form(seats="1"))
    params = session_request(stripe_double)
    assert params["invoice_creation"]["enabled"] == "true"
    assert "custom_fields" not in params["invoice_creation"]["invoice_data"]
    assert "tax_id_collection" not in params and "billing_address_collection" not in params
    stripe_double.complete_session(order.stripe_session_id)
    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
    billing = CompanyBilling.objects.get(order=order)
    assert billing.invoice_number and billing.company_name == "" and billing.po_number == ""
    page = client.get(f"/payments/orders/{order.pk}/").content.decode()
    assert f"Invoice {billing.invoice_number}" in page and "Billed to" not in page
    (receipt,) = [m for m in mailoutbox if "Receipt" in m.subject]
    assert f"Invoice {billing.invoice_number}" in receipt.body


def test_a_tax_id_given_on_our_page_is_checked_by_stripe_and_prefills_checkout(
    client, stripe_double, settle, buyer, cohort
):
    _, order = start(
        client, buyer, cohort, company_form(tax_id_type="gb_vat", tax_id_value="GB123456789")
    )
    params = session_request(stripe_double)
    customer = stripe_double.get(params["customer"])
    assert params["customer_update"] == {"name": "auto", "address": "auto"}
    assert "customer_email" not in params and customer["email"] == buyer.email
    stripe_double.complete_session(
        order.stripe_session_id,
        business_name="Brit Co",
        address={"line1": "2 Strand", "city": "London", "country": "GB"},
    )
    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
    billing = order.company_billing
    assert (billing.company_name, billing.tax_id_value) == ("Brit Co", "GB123456789")
    assert stripe_double.get(customer["id"])["name"] == "Brit Co"


def test_an_invalid_tax_id_gets_stripes_reason_and_nothing_is_written(
    client, stripe_double, buyer, cohort
):
    response, order = start(
        client, buyer, cohort, company_form(tax_id_type="eu_vat", tax_id_value="IE12")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The tax ID “IE12” is not a valid eu_vat number" in page
    assert "DE123456789" in page  # Stripe's example of the right shape
    assert order is None
    assert not stripe_double.requests_to("/v1/checkout/sessions", "POST")


def test_the_checkout_page_refuses_an_invalid_tax_id_typed_there(
    client, stripe_double, buyer, cohort
):
    from tests.stripe_double import ApiError

    _, order = start(client, buyer, cohort, company_form())
    with pytest.raises(ApiError, match="Invalid value for eu_vat: 'IE12'") as refused:
        stripe_double.complete_session(
            order.stripe_session_id,
            business_name="Acme Ltd",
            address=ACME_ADDRESS,
            tax_ids=[("eu_vat", "IE12")],
        )
    assert refused.value.code == "tax_id_invalid"
    assert stripe_double.get(order.stripe_session_id)["status"] == "open"


@pytest.mark.parametrize(
    ("po_number", "message"),
    [
        ("PO" + "9" * 40, "at most 40 characters; this one has 42"),
        ("PO<42>", "Use only letters, digits, spaces and / . _ # -"),
        ("-42", "starting with a letter or digit"),
    ],
)
def test_a_bad_po_number_is_refused_saying_what_to_fix(
    client, stripe_double, buyer, cohort, po_number, message
):
    response, order = start(client, buyer, cohort, company_form(po_number=po_number))
    assert response.status_code == 400 and message in response.content.decode()
    assert order is None and not stripe_double.requests


def test_a_po_number_without_buying_for_a_company_is_refused(client, stripe_double, buyer, cohort):
    response, order = start(client, buyer, cohort, buy_form(po_number="PO-1"))
    assert response.status_code == 400
    assert "Tick “I am buying for a company”" in response.content.decode()
    assert order is None


@pytest.mark.parametrize("enabled", [True, False])
def test_automatic_tax_on_a_company_checkout_follows_the_environment_setting(
    client, stripe_double, settle, settings, buyer, cohort, enabled
):
    settings.STRIPE_TAX_ENABLED = enabled
    _, order = start(client, buyer, cohort, company_form())
    params = session_request(stripe_double)
    assert ("automatic_tax" in params) is enabled
    stripe_double.complete_session(
        order.stripe_session_id, business_name="Acme Ltd", address=ACME_ADDRESS
    )
    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
    invoice = stripe_double.get(order.company_billing.stripe_invoice_id)
    expected_tax = order.total_amount * 23 // 100 if enabled else 0  # IE in the double's table
    assert order.tax_amount == invoice["tax"] == expected_tax
    assert order.amount_paid == invoice["amount_paid"] == order.total_amount + expected_tax


def test_another_user_cannot_see_someones_invoice(client, stripe_double, settle, buyer, cohort):
    _, order = start(client, buyer, cohort, company_form())
    stripe_double.complete_session(
        order.stripe_session_id, business_name="Acme Ltd", address=ACME_ADDRESS
    )
    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
    pdf = order.company_billing.invoice_pdf_url
    client.force_login(VerifiedUserFactory(email="nosy@example.com"))
    for url in (f"/payments/orders/{order.pk}/", "/payments/orders/"):
        response = client.get(url)
        assert pdf not in response.content.decode()
    assert client.get(f"/payments/orders/{order.pk}/").status_code == 404


def test_a_card_refund_gets_a_credit_note_on_the_invoice_shown_on_the_order_and_in_the_email(
    client, stripe_double, settle, buyer, cohort, mailoutbox
):
    from payments.invoicing.models import CreditNote
    from payments.orders import order_refund

    _, order = start(client, buyer, cohort, company_form())
    stripe_double.complete_session(
        order.stripe_session_id, business_name="Acme Ltd", address=ACME_ADDRESS
    )
    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)
    with settle():
        order_refund(order=order, amount=50_000, reason="One seat too many")
    note = CreditNote.objects.get(refund__order=order)
    invoice = stripe_double.get(order.company_billing.stripe_invoice_id)
    at_stripe = stripe_double.get(note.stripe_credit_note_id)
    assert note.number == f"{invoice['number']}-CN-01" == at_stripe["number"]
    assert at_stripe["refunds"] == [
        {"amount_refunded": 50_000, "refund": note.refund.stripe_refund_id}
    ]
    page = client.get(f"/payments/orders/{order.pk}/").content.decode()
    assert f"Credit note {note.number}" in page and note.pdf_url in page
    (email,) = [m for m in mailoutbox if "Credit note" in m.subject]
    assert f"Credit note {note.number}" in email.body and note.pdf_url in email.body
    assert f"Credit note {note.number}" in email.alternatives[0][0]
    # The task run again (a Celery retry) issues no second note.
    from payments.invoicing.credit_notes import refund_credit_note_issue

    assert refund_credit_note_issue(refund_id=note.refund_id) == note
    assert len(stripe_double.requests_to("/v1/credit_notes", "POST")) == 1


def test_the_order_page_reads_its_invoice_and_credit_notes_in_constant_queries(
    client, stripe_double, settle, buyer, cohort, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from payments.invoicing.models import CreditNote
    from payments.models import OrderRefund

    _, order = start(client, buyer, cohort, company_form())
    stripe_double.complete_session(
        order.stripe_session_id, business_name="Acme Ltd", address=ACME_ADDRESS
    )
    order = deliver(client, stripe_double, "checkout.session.completed", order, settle)

    def refunds(count: int) -> None:  # rows as the refund path records them
        for _ in range(count):
            n = OrderRefund.objects.count() + 1
            refund = OrderRefund.objects.create(
                order=order, stripe_refund_id=f"re_{n}", amount=100, source="admin"
            )
            CreditNote.objects.create(
                refund=refund, stripe_credit_note_id=f"cn_{n}", number=f"X-CN-{n:02d}"
            )

    url = f"/payments/orders/{order.pk}/"
    refunds(1)
    with CaptureQueriesContext(connection) as one:
        assert "X-CN-01" in client.get(url).content.decode()
    refunds(9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert "X-CN-10" in client.get(url).content.decode()
