"""Invoices, credit notes, tax IDs and automatic tax in the double, through the real SDK."""

from __future__ import annotations

import pytest
import stripe

from tests.stripe_double import ApiError

from .support import raw_request, seat_item

ADDRESS = {"line1": "1 Quay St", "city": "Dublin", "postal_code": "D01", "country": "IE"}


def company(client, **extra):
    params = {
        "email": "ap@acme.test",
        "name": "Acme Ltd",
        "address": ADDRESS,
        "tax_id_data": [{"type": "eu_vat", "value": "IE1234567T"}],
    }
    params.update(extra)
    return client.v1.customers.create(params=params)


def test_a_company_customer_keeps_its_address_and_tax_ids(client):
    customer = company(client)
    assert customer.address.country == "IE"
    tax_ids = client.v1.customers.tax_ids.list(customer.id).data
    assert [(t.type, t.value, t.country) for t in tax_ids] == [("eu_vat", "IE1234567T", "IE")]


@pytest.mark.parametrize(
    ("kind", "value"),
    [("eu_vat", "123"), ("gb_vat", "GB12"), ("us_ein", "123456789"), ("eu_vat", "US123456789")],
)
def test_an_invalid_tax_id_is_refused_clearly_and_nothing_is_created(
    client, stripe_double, kind, value
):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        company(client, tax_id_data=[{"type": kind, "value": value}])
    error = refused.value
    assert error.code == "tax_id_invalid"
    assert error.param == "tax_id_data[0][value]"
    assert f"Invalid value for {kind}" in error.user_message and "like" in error.user_message
    assert not stripe_double.store.all("customer")
    assert not stripe_double.store.all("tax_id")


def test_an_unmodelled_tax_id_type_names_the_types_modelled(client):
    with pytest.raises(stripe.InvalidRequestError, match="eu_vat, gb_vat"):
        company(client, tax_id_data=[{"type": "au_abn", "value": "12345678901"}])


def draft_invoice(client, customer, *, tax=False, **extra):
    params = {
        "customer": customer.id,
        "collection_method": "send_invoice",
        "days_until_due": 30,
        "currency": "eur",
        "custom_fields": [{"name": "PO number", "value": "PO-7781"}],
        "metadata": {"order_id": "42"},
        "automatic_tax": {"enabled": tax},
    }
    params.update(extra)
    invoice = client.v1.invoices.create(params=params)
    client.v1.invoice_items.create(
        params={
            "customer": customer.id,
            "invoice": invoice.id,
            "currency": "eur",
            "amount": 8 * 50_000,
            "quantity": 8,
            "description": "8 seats",
        }
    )
    return invoice


def test_finalize_numbers_the_invoice_and_gives_it_a_due_date_url_and_pdf(client, stripe_double):
    customer = company(client)
    invoice = draft_invoice(client, customer)
    assert invoice.number is None and invoice.status == "draft"
    now = stripe_double.now()
    invoice = client.v1.invoices.finalize_invoice(invoice.id)
    assert invoice.status == "open"
    assert invoice.number == f"{customer.invoice_prefix}-0001"
    assert now + 30 * 86400 <= invoice.due_date <= now + 30 * 86400 + 5
    assert invoice.custom_fields[0].value == "PO-7781"
    assert invoice.customer_tax_ids[0].value == "IE1234567T"
    assert (invoice.total, invoice.tax, invoice.amount_due) == (400_000, 0, 400_000)
    pdf = raw_request("GET", invoice.invoice_pdf)
    assert pdf.status == 200 and pdf.body.startswith(b"%PDF")
    page = raw_request("GET", invoice.hosted_invoice_url).text
    assert "PO-7781" in page and invoice.number in page and "Pay this invoice" in page
    second = client.v1.invoices.finalize_invoice(draft_invoice(client, customer).id)
    assert second.number == f"{customer.invoice_prefix}-0002"


def test_automatic_tax_uses_the_documented_rate_of_the_customers_country(client):
    customer = company(client)  # Ireland: 23 % in the double's table
    invoice = client.v1.invoices.finalize_invoice(draft_invoice(client, customer, tax=True).id)
    assert (invoice.subtotal, invoice.tax, invoice.total) == (400_000, 92_000, 492_000)
    assert invoice.automatic_tax.status == "complete"
    untaxed = client.v1.invoices.finalize_invoice(draft_invoice(client, customer).id)
    assert untaxed.tax == 0 and untaxed.total == 400_000


def test_paying_sends_signed_invoice_paid_and_the_lifecycle_refuses_wrong_moves(
    client, stripe_double, webhook_receiver
):
    customer = company(client)
    invoice = client.v1.invoices.finalize_invoice(draft_invoice(client, customer).id)
    client.v1.invoices.send_invoice(invoice.id)
    stripe_double.fail_invoice_payment(invoice.id)
    paid = stripe_double.pay_invoice(invoice.id)
    assert paid["status"] == "paid" and paid["amount_paid"] == 400_000
    stripe_double.wait_for_webhooks()
    types = [r.event["type"] for r in webhook_receiver.received]
    assert types[-5:] == [
        "invoice.finalized",
        "invoice.sent",
        "invoice.payment_failed",
        "invoice.paid",
        "invoice.payment_succeeded",
    ]
    received = webhook_receiver.of_type("invoice.paid")[0]
    event = stripe.Webhook.construct_event(
        received.body, received.headers["Stripe-Signature"], stripe_double.webhook_secret
    )
    assert event.data.object.id == invoice.id
    with pytest.raises(stripe.InvalidRequestError, match="open or uncollectible"):
        client.v1.invoices.void_invoice(invoice.id)
    with pytest.raises(ApiError):
        stripe_double.pay_invoice(invoice.id)


def test_void_mark_uncollectible_and_pay_out_of_band(client):
    customer = company(client)
    voided = client.v1.invoices.finalize_invoice(draft_invoice(client, customer).id)
    assert client.v1.invoices.void_invoice(voided.id).status == "void"
    bad_debt = client.v1.invoices.finalize_invoice(draft_invoice(client, customer).id)
    assert client.v1.invoices.mark_uncollectible(bad_debt.id).status == "uncollectible"
    late = client.v1.invoices.pay(bad_debt.id, params={"paid_out_of_band": True})
    assert late.status == "paid" and late.paid_out_of_band


def test_an_open_invoice_past_its_due_date_is_overdue_once(client, stripe_double):
    customer = company(client)
    invoice = client.v1.invoices.finalize_invoice(draft_invoice(client, customer).id)
    stripe_double.advance_clock(29 * 86400)
    assert not stripe_double.events_of_type("invoice.overdue")
    stripe_double.advance_clock(2 * 86400)
    stripe_double.advance_clock(86400)
    overdue = stripe_double.events_of_type("invoice.overdue")
    assert [e["data"]["object"]["id"] for e in overdue] == [invoice.id]


def test_credit_notes_are_numbered_capped_and_have_a_pdf(client, stripe_double):
    customer = company(client)
    invoice = client.v1.invoices.finalize_invoice(draft_invoice(client, customer).id)
    stripe_double.pay_invoice(invoice.id)
    note = client.v1.credit_notes.create(
        params={"invoice": invoice.id, "amount": 100_000, "reason": "order_change"}
    )
    assert note.number == f"{invoice.number}-CN-01" and note.type == "post_payment"
    assert raw_request("GET", note.pdf).body.startswith(b"%PDF")
    with pytest.raises(stripe.InvalidRequestError, match="more than what is left") as refused:
        client.v1.credit_notes.create(params={"invoice": invoice.id, "amount": 300_001})
    assert refused.value.code == "credit_note_amount_too_large"
    listed = client.v1.credit_notes.list(params={"invoice": invoice.id}).data
    assert [n.id for n in listed] == [note.id]
    assert stripe_double.events_of_type("credit_note.created")


def test_a_checkout_for_a_company_collects_tax_ids_and_taxes_its_country(
    client, make_session, stripe_double
):
    session = make_session(
        automatic_tax={"enabled": True},
        tax_id_collection={"enabled": True},
        billing_address_collection="required",
        line_items=[seat_item(quantity=2)],
    )
    assert session.automatic_tax.status == "requires_location_inputs"
    with pytest.raises(ApiError, match="Invalid value for gb_vat"):
        stripe_double.complete_session(
            session.id, address={"country": "GB"}, tax_ids=[("gb_vat", "GB1")]
        )
    done = stripe_double.complete_session(
        session.id,
        name="Acme Ltd",
        address={"line1": "1 High St", "city": "London", "country": "GB"},
        tax_ids=[("gb_vat", "GB123456789")],
    )
    assert done["customer_details"]["tax_ids"] == [{"type": "gb_vat", "value": "GB123456789"}]
    assert done["total_details"]["amount_tax"] == 20_000  # 20 % of 100,000 (GB in the table)
    assert done["amount_total"] == 120_000


def test_a_checkout_for_a_customer_with_an_address_is_taxed_at_once(client, make_session):
    customer = company(client)
    session = make_session(customer=customer.id, automatic_tax={"enabled": True})
    assert session.total_details.amount_tax == 11_500 and session.amount_total == 61_500
    untaxed = make_session(customer=customer.id)
    assert untaxed.total_details.amount_tax == 0 and untaxed.amount_total == 50_000


def test_checkout_invoice_creation_makes_a_paid_numbered_invoice_with_the_custom_fields(
    client, make_session, stripe_double
):
    session = make_session(
        name_collection={"business": {"enabled": True}},
        billing_address_collection="required",
        tax_id_collection={"enabled": True},
        customer_creation="always",
        invoice_creation={
            "enabled": True,
            "invoice_data": {"custom_fields": [{"name": "PO number", "value": "PO-9"}]},
        },
        line_items=[seat_item(quantity=2)],
    )
    assert session.invoice_creation.enabled and session.invoice is None
    with pytest.raises(ApiError, match="Enter a billing address"):
        stripe_double.complete_session(session.id, business_name="Acme Ltd")
    with pytest.raises(ApiError, match="Enter the business name"):
        stripe_double.complete_session(session.id, address=ADDRESS)
    stripe_double.complete_session(
        session.id,
        business_name="Acme Ltd",
        address=ADDRESS,
        tax_ids=[("eu_vat", "IE1234567T")],
    )
    done = client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["invoice"]})
    invoice = done.invoice
    assert done.customer_details.business_name == "Acme Ltd"
    assert invoice.status == "paid" and invoice.number and invoice.invoice_pdf
    assert invoice.amount_paid == done.amount_total == 100_000
    assert invoice.payment_intent == done.payment_intent
    assert [(f.name, f.value) for f in invoice.custom_fields] == [("PO number", "PO-9")]
    assert invoice.customer_name == "Acme Ltd"
    assert [(t.type, t.value) for t in invoice.customer_tax_ids] == [("eu_vat", "IE1234567T")]
    kinds = [e["type"] for e in stripe_double.events]
    assert kinds.index("invoice.paid") < kinds.index("checkout.session.completed")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"invoice_creation": {"enabled": False, "invoice_data": {"description": "x"}}},
         r"needs invoice_creation\[enabled\]=true"),
        ({"customer_update": {"name": "auto"}}, "only be used with an existing customer"),
    ],
)  # fmt: skip
def test_checkout_company_params_stripe_refuses_are_refused(make_session, params, message):
    with pytest.raises(stripe.InvalidRequestError, match=message):
        make_session(**params)


def test_tax_id_collection_for_an_existing_customer_needs_customer_update_name(
    client, make_session
):
    customer = company(client)
    with pytest.raises(stripe.InvalidRequestError, match=r"customer_update\[name\]=auto"):
        make_session(customer=customer.id, tax_id_collection={"enabled": True})


def test_a_credit_note_links_a_refund_of_the_invoice_payment_only(
    client, make_session, stripe_double
):
    session = make_session(invoice_creation={"enabled": True})
    stripe_double.complete_session(session.id)
    done = client.v1.checkout.sessions.retrieve(session.id)
    refund = client.v1.refunds.create(
        params={"payment_intent": done.payment_intent, "amount": 20_000}
    )
    with pytest.raises(stripe.InvalidRequestError, match="must equal the credit note's amount"):
        client.v1.credit_notes.create(
            params={"invoice": done.invoice, "amount": 30_000, "refunds": [{"refund": refund.id}]}
        )
    other = make_session(invoice_creation={"enabled": True})
    stripe_double.complete_session(other.id)
    other_invoice = client.v1.checkout.sessions.retrieve(other.id).invoice
    with pytest.raises(stripe.InvalidRequestError, match="is not a refund of invoice"):
        client.v1.credit_notes.create(
            params={"invoice": other_invoice, "amount": 20_000, "refunds": [{"refund": refund.id}]}
        )
    note = client.v1.credit_notes.create(
        params={"invoice": done.invoice, "amount": 20_000, "refunds": [{"refund": refund.id}]}
    )
    assert note.refund == refund.id and note.refunds[0].amount_refunded == 20_000
