"""Invoices, invoice items and credit notes (Stripe Invoicing), for paying as a company.

https://docs.stripe.com/api/invoices, https://docs.stripe.com/api/invoiceitems,
https://docs.stripe.com/api/credit_notes. A draft invoice gets lines (invoice items created
with ``invoice=``), is finalized (a number ``<customer prefix>-0001``, a due date
``days_until_due`` later, ``hosted_invoice_url`` and ``invoice_pdf``), sent, and then paid
(``POST …/pay`` with ``paid_out_of_band``, or the customer on the hosted page: the control
``pay_invoice``), voided or marked uncollectible. An open ``send_invoice`` invoice past its
due date emits ``invoice.overdue`` once, when the clock passes it. Tax is the double's fixture
(``tax.py``) on the customer's address country, when ``automatic_tax[enabled]``.
"""

from __future__ import annotations

from typing import Any

from . import errors
from .errors import ApiError
from .forms import Params, metadata_apply
from .resources import currency_param
from .state import Store, filter_created, new_id, paginate
from .tax import tax_on

DAY = 24 * 3600
_INVOICE_KEYS = {
    "customer", "collection_method", "days_until_due", "due_date", "description", "metadata",
    "custom_fields", "automatic_tax", "currency", "footer", "auto_advance",
    "pending_invoice_items_behavior",
}  # fmt: skip


def _url(store: Store, invoice_id: str, suffix: str = "") -> str:
    return f"{store.base_url}/invoice/{invoice_id}{suffix}"


def _recompute(store: Store, invoice: dict[str, Any]) -> None:
    lines = invoice["lines"]["data"]
    subtotal = sum(line["amount"] for line in lines)
    customer = store.objects.get(invoice["customer"]) or {}
    country = ((customer.get("address") or {}).get("country")) or None
    tax, rate = (0, None)
    if invoice["automatic_tax"]["enabled"]:
        tax, rate = tax_on(subtotal, country)
        invoice["automatic_tax"]["status"] = "complete" if country else "requires_location_inputs"
    invoice["subtotal"] = subtotal
    invoice["tax"] = tax
    invoice["total_taxes"] = (
        [{"amount": tax, "tax_behavior": "exclusive", "taxability_reason": "standard_rated",
          "rate_percent": str(rate)}]
        if invoice["automatic_tax"]["enabled"] and rate is not None else []
    )  # fmt: skip
    invoice["total"] = subtotal + tax
    credited = invoice["pre_payment_credit_notes_amount"]
    invoice["amount_due"] = max(invoice["total"] - credited, 0)
    invoice["amount_remaining"] = max(invoice["amount_due"] - invoice["amount_paid"], 0)


def custom_fields_param(p: Params, key: str = "custom_fields") -> list[dict[str, str]]:
    """An invoice's ``custom_fields`` (at most 4; name <= 40 and value <= 140 characters)."""
    fields = []
    for i, raw in enumerate(p.list(key)):
        field = Params(raw, f"{p.path(key)}[{i}]", allow={"name", "value"})
        name, value = field.str("name", required=True), field.str("value", required=True)
        if len(name) > 40 or len(value) > 140:
            raise ApiError(
                "A custom field's name has at most 40 characters and its value at most 140.",
                param=f"{p.path(key)}[{i}]",
            )
        fields.append({"name": name, "value": value})
    if len(fields) > 4:
        raise ApiError("An invoice has at most 4 custom fields.", param=p.path(key))
    return fields


def invoice_create(store: Store, p: Params) -> dict[str, Any]:
    Params(p.data, allow=_INVOICE_KEYS)
    customer = store.get("customer", p.str("customer", required=True), "customer")
    method = p.str("collection_method", choices=("charge_automatically", "send_invoice"))
    method = method or "charge_automatically"
    days = p.int("days_until_due", minimum=0)
    due_date = p.int("due_date", minimum=1)
    if method == "send_invoice" and days is None and due_date is None:
        raise ApiError(
            "Invoices with collection_method=send_invoice need days_until_due or due_date.",
            param="days_until_due",
        )
    if method == "charge_automatically" and (days is not None or due_date is not None):
        raise ApiError(
            "days_until_due and due_date apply only to collection_method=send_invoice.",
            param="days_until_due",
        )
    fields = custom_fields_param(p)
    tax = p.sub("automatic_tax", allow={"enabled"})
    now = store.now()
    invoice = {
        "id": new_id("in_"),
        "object": "invoice",
        "account_country": "GB",
        "amount_due": 0,
        "amount_paid": 0,
        "amount_remaining": 0,
        "attempt_count": 0,
        "attempted": False,
        "auto_advance": bool(p.bool("auto_advance", default=False)),
        "automatic_tax": {"enabled": bool(tax.bool("enabled")), "status": None},
        "collection_method": method,
        "created": now,
        "currency": currency_param(p, required=False) or "gbp",
        "custom_fields": fields or None,
        "customer": customer["id"],
        "customer_address": customer.get("address"),
        "customer_email": customer.get("email"),
        "customer_name": customer.get("name"),
        "customer_tax_ids": [
            {"type": t["type"], "value": t["value"]}
            for t in store.all("tax_id")
            if t["customer"] == customer["id"]
        ],
        "days_until_due": days,
        "description": p.str("description"),
        "due_date": due_date,
        "footer": p.str("footer"),
        "hosted_invoice_url": None,
        "invoice_pdf": None,
        "lines": {"object": "list", "data": [], "has_more": False, "url": ""},
        "livemode": False,
        "metadata": metadata_apply({}, p.metadata()),
        "number": None,
        "paid": False,
        "paid_out_of_band": False,
        "post_payment_credit_notes_amount": 0,
        "pre_payment_credit_notes_amount": 0,
        "status": "draft",
        "status_transitions": {
            "finalized_at": None, "marked_uncollectible_at": None, "paid_at": None,
            "voided_at": None,
        },
        "subtotal": 0,
        "tax": 0,
        "total": 0,
        "total_taxes": [],
    }  # fmt: skip
    invoice["lines"]["url"] = f"/v1/invoices/{invoice['id']}/lines"
    store.add(invoice, overdue_sent=False)
    _recompute(store, invoice)
    store.emit("invoice.created", invoice)
    return invoice


def invoice_item_create(store: Store, p: Params) -> dict[str, Any]:
    Params(
        p.data,
        allow={"customer", "invoice", "amount", "currency", "description", "quantity",
               "unit_amount_decimal", "metadata"},
    )  # fmt: skip
    customer = store.get("customer", p.str("customer", required=True), "customer")
    invoice_id = p.str("invoice")
    if invoice_id is None:
        raise ApiError(
            "The local Stripe test double models only invoice items added to a draft invoice: "
            "pass invoice=in_… (pending items are not modelled).",
            param="invoice",
        )
    invoice = store.get("invoice", invoice_id, "invoice")
    if invoice["status"] != "draft":
        raise ApiError(
            f"You can only add invoice items to draft invoices; {invoice_id} is "
            f"{invoice['status']}.",
            param="invoice",
        )
    if invoice["customer"] != customer["id"]:
        raise ApiError("The invoice belongs to another customer.", param="invoice")
    currency = currency_param(p)
    if currency != invoice["currency"]:
        raise ApiError(
            f"The invoice is in {invoice['currency']}; an item in {currency} cannot be added.",
            param="currency",
        )
    quantity = p.int("quantity", minimum=1) or 1
    unit = p.decimal("unit_amount_decimal")
    amount = p.int("amount")
    if (unit is None) == (amount is None):
        raise errors.exclusive("amount", "unit_amount_decimal")
    if amount is None:
        amount = int(unit * quantity)
        unit_amount = int(unit)
    else:
        unit_amount = amount // quantity if quantity else amount
    item = store.add(
        {
            "id": new_id("ii_"),
            "object": "invoiceitem",
            "amount": amount,
            "currency": currency,
            "customer": customer["id"],
            "date": store.now(),
            "description": p.str("description"),
            "invoice": invoice["id"],
            "livemode": False,
            "metadata": metadata_apply({}, p.metadata()),
            "quantity": quantity,
            "unit_amount_decimal": str(unit_amount),
        }
    )
    invoice["lines"]["data"].append(
        {
            "id": new_id("il_"),
            "object": "line_item",
            "amount": amount,
            "currency": currency,
            "description": item["description"],
            "invoice_item": item["id"],
            "metadata": item["metadata"],
            "quantity": quantity,
        }
    )
    _recompute(store, invoice)
    return item


def invoice_retrieve(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    return store.get("invoice", id)


def invoice_list(store: Store, p: Params) -> dict[str, Any]:
    Params(
        p.data,
        allow={"customer", "status", "collection_method", "created", "limit", "starting_after",
               "ending_before"},
    )  # fmt: skip
    items = store.all("invoice")
    for key in ("customer", "status", "collection_method"):
        if value := p.str(key):
            items = [i for i in items if i[key] == value]
    return paginate(store, filter_created(items, p), p, "/v1/invoices")


def _require(invoice: dict[str, Any], *statuses: str, action: str) -> None:
    if invoice["status"] not in statuses:
        raise ApiError(
            f"You can only {action} an invoice that is {' or '.join(statuses)}; "
            f"{invoice['id']} is {invoice['status']}.",
            code="invoice_not_editable" if action == "finalize" else "invalid_request_error",
        )


def invoice_finalize(store: Store, invoice: dict[str, Any]) -> dict[str, Any]:
    _require(invoice, "draft", action="finalize")
    now = store.now()
    customer = store.objects[invoice["customer"]]
    count = store.private[customer["id"]].get("invoices", 0) + 1
    store.private[customer["id"]]["invoices"] = count
    invoice["number"] = f"{customer['invoice_prefix']}-{count:04d}"
    invoice["status"] = "open"
    invoice["status_transitions"]["finalized_at"] = now
    if invoice["collection_method"] == "send_invoice" and invoice["due_date"] is None:
        invoice["due_date"] = now + (invoice["days_until_due"] or 0) * DAY
    invoice["hosted_invoice_url"] = _url(store, invoice["id"])
    invoice["invoice_pdf"] = _url(store, invoice["id"], "/pdf")
    _recompute(store, invoice)
    store.emit("invoice.finalized", invoice)
    if invoice["amount_due"] == 0:
        _paid(store, invoice, out_of_band=False)
    return invoice


def invoice_finalize_api(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    Params(p.data, allow={"auto_advance"})
    return invoice_finalize(store, store.get("invoice", id))


def invoice_send_api(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    Params(p.data, allow=set())
    invoice = store.get("invoice", id)
    _require(invoice, "open", action="send")
    if invoice["collection_method"] != "send_invoice":
        raise ApiError("Only invoices with collection_method=send_invoice can be sent.")
    store.emit("invoice.sent", invoice)
    return invoice


def _paid(store: Store, invoice: dict[str, Any], *, out_of_band: bool) -> dict[str, Any]:
    previous = {"status": invoice["status"]}
    invoice["amount_paid"] = invoice["amount_due"]
    invoice["amount_remaining"] = 0
    invoice["paid"] = True
    invoice["paid_out_of_band"] = out_of_band
    invoice["status"] = "paid"
    invoice["status_transitions"]["paid_at"] = store.now()
    store.emit("invoice.paid", invoice, previous)
    if not out_of_band:
        store.emit("invoice.payment_succeeded", invoice)
    return invoice


def invoice_pay(store: Store, invoice: dict[str, Any], *, out_of_band: bool) -> dict[str, Any]:
    _require(invoice, "open", "uncollectible", action="pay")
    invoice["attempted"] = True
    invoice["attempt_count"] += 1
    return _paid(store, invoice, out_of_band=out_of_band)


def invoice_pay_api(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    Params(p.data, allow={"paid_out_of_band"})
    invoice = store.get("invoice", id)
    if not p.bool("paid_out_of_band"):
        raise ApiError(
            "The local Stripe test double models paying an invoice only out of band "
            "(paid_out_of_band=true) or by the customer (the pay_invoice control); charging a "
            "saved payment method is not modelled.",
            param="paid_out_of_band",
        )
    return invoice_pay(store, invoice, out_of_band=True)


def invoice_payment_fail(store: Store, invoice: dict[str, Any]) -> dict[str, Any]:
    """The customer's payment attempt failed (a declined card on the hosted page)."""
    _require(invoice, "open", action="attempt to pay")
    invoice["attempted"] = True
    invoice["attempt_count"] += 1
    store.emit("invoice.payment_failed", invoice)
    return invoice


def invoice_void_api(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    Params(p.data, allow=set())
    invoice = store.get("invoice", id)
    _require(invoice, "open", "uncollectible", action="void")
    previous = {"status": invoice["status"]}
    invoice["status"] = "void"
    invoice["status_transitions"]["voided_at"] = store.now()
    invoice["amount_remaining"] = 0
    store.emit("invoice.voided", invoice, previous)
    return invoice


def invoice_mark_uncollectible_api(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    Params(p.data, allow=set())
    invoice = store.get("invoice", id)
    _require(invoice, "open", action="mark uncollectible")
    invoice["status"] = "uncollectible"
    invoice["status_transitions"]["marked_uncollectible_at"] = store.now()
    store.emit("invoice.marked_uncollectible", invoice, {"status": "open"})
    return invoice


def invoices_overdue(store: Store) -> None:
    """Open ``send_invoice`` invoices whose due date has passed: ``invoice.overdue``, once."""
    now = store.now()
    for invoice in reversed(store.all("invoice")):
        due = invoice.get("due_date")
        if invoice["status"] != "open" or due is None or due > now:
            continue
        if store.private[invoice["id"]].get("overdue_sent"):
            continue
        store.private[invoice["id"]]["overdue_sent"] = True
        store.emit("invoice.overdue", invoice)


def invoice_for_session(store: Store, session: dict[str, Any]) -> dict[str, Any]:
    """Checkout's ``invoice_creation``: once the session is paid, a paid invoice for what it
    charged (its lines after discount, its tax), numbered, with its hosted page and PDF, and
    the ``invoice_data`` given at creation (custom fields, description, footer, metadata).
    https://docs.stripe.com/payments/checkout/receipts#paid-invoices"""
    data = store.private[session["id"]]["invoice_data"]
    invoice = invoice_create(
        store,
        Params(
            {
                "customer": session["customer"],
                "currency": session["currency"],
                "custom_fields": data["custom_fields"] or [],
                "description": data["description"] or "",
                "footer": data["footer"] or "",
                "metadata": dict(data["metadata"]),
                "automatic_tax": {
                    "enabled": "true" if session["automatic_tax"]["enabled"] else "false"
                },
            }
        ),
    )
    for line in store.private[session["id"]]["line_items"]:
        invoice_item_create(
            store,
            Params(
                {
                    "customer": session["customer"],
                    "invoice": invoice["id"],
                    "currency": session["currency"],
                    "amount": str(line["amount_total"] - line["amount_tax"]),
                    "quantity": str(line["quantity"]),
                    "description": line["description"],
                }
            ),
        )
    invoice_finalize(store, invoice)
    invoice["payment_intent"] = session["payment_intent"]
    if invoice["status"] == "open":
        # The session's tax (per line) is what was charged: the invoice states that.
        invoice["tax"] = session["total_details"]["amount_tax"]
        invoice["total"] = invoice["subtotal"] + invoice["tax"]
        invoice["amount_due"] = invoice["amount_remaining"] = invoice["total"]
        invoice["attempted"] = True
        invoice["attempt_count"] = 1
        _paid(store, invoice, out_of_band=False)
    session["invoice"] = invoice["id"]
    return invoice


# -- credit notes -------------------------------------------------------------------------


def credit_note_create(store: Store, p: Params) -> dict[str, Any]:
    Params(
        p.data,
        allow={"invoice", "amount", "reason", "memo", "metadata", "out_of_band_amount", "refunds"},
    )
    invoice = store.get("invoice", p.str("invoice", required=True), "invoice")
    _require(invoice, "open", "paid", action="issue a credit note for")
    amount = p.int("amount", required=True, minimum=1)
    refunds = _credit_note_refunds(store, p, invoice)
    out_of_band = p.int("out_of_band_amount", minimum=0)
    if refunds and sum(r["amount_refunded"] for r in refunds) + (out_of_band or 0) != amount:
        raise ApiError(
            "The sum of the refunds and out_of_band_amount must equal the credit note's "
            f"amount ({amount}).",
            param="refunds",
        )
    credited = sum(
        note["amount"] for note in store.all("credit_note") if note["invoice"] == invoice["id"]
    )
    creditable = invoice["total"] - credited
    if amount > creditable:
        raise ApiError(
            f"The credit note's amount ({amount}) is more than what is left to credit on "
            f"invoice {invoice['number']} ({creditable}).",
            code="credit_note_amount_too_large",
            param="amount",
        )
    reason = p.str(
        "reason",
        choices=("duplicate", "fraudulent", "order_change", "product_unsatisfactory"),
    )
    count = sum(1 for note in store.all("credit_note") if note["invoice"] == invoice["id"]) + 1
    note_id = new_id("cn_")
    pre_payment = invoice["status"] == "open"
    note = store.add(
        {
            "id": note_id,
            "object": "credit_note",
            "amount": amount,
            "created": store.now(),
            "currency": invoice["currency"],
            "customer": invoice["customer"],
            "invoice": invoice["id"],
            "livemode": False,
            "memo": p.str("memo"),
            "metadata": metadata_apply({}, p.metadata()),
            "number": f"{invoice['number']}-CN-{count:02d}",
            "out_of_band_amount": out_of_band,
            "pdf": f"{store.base_url}/credit_note/{note_id}/pdf",
            "reason": reason,
            "refund": refunds[0]["refund"] if refunds else None,
            "refunds": refunds,
            "status": "issued",
            "type": "pre_payment" if pre_payment else "post_payment",
        }
    )
    if pre_payment:
        invoice["pre_payment_credit_notes_amount"] += amount
        _recompute(store, invoice)
    else:
        invoice["post_payment_credit_notes_amount"] += amount
    store.emit("credit_note.created", note)
    if pre_payment and invoice["amount_due"] == 0:
        _paid(store, invoice, out_of_band=False)
    return note


def _credit_note_refunds(store: Store, p: Params, invoice: dict[str, Any]) -> list[dict]:
    """``refunds[i][refund|amount_refunded]``: existing refunds of the invoice's payment the
    note stands for (no more of each than was refunded)."""
    linked = []
    for i, raw in enumerate(p.list("refunds")):
        entry = Params(raw, f"refunds[{i}]", allow={"refund", "amount_refunded", "type"})
        refund = store.get("refund", entry.str("refund", required=True), entry.path("refund"))
        if (
            not invoice.get("payment_intent")
            or refund["payment_intent"] != invoice["payment_intent"]
        ):
            raise ApiError(
                f"Refund {refund['id']} is not a refund of invoice {invoice['id']}'s payment.",
                param=entry.path("refund"),
            )
        amount = entry.int("amount_refunded", minimum=1) or refund["amount"]
        if amount > refund["amount"]:
            raise ApiError(
                f"amount_refunded ({amount}) is more than refund {refund['id']} "
                f"({refund['amount']}).",
                param=entry.path("amount_refunded"),
            )
        linked.append({"amount_refunded": amount, "refund": refund["id"]})
    return linked


def credit_note_retrieve(store: Store, p: Params, *, id: str) -> dict[str, Any]:
    return store.get("credit_note", id)


def credit_note_list(store: Store, p: Params) -> dict[str, Any]:
    Params(p.data, allow={"invoice", "customer", "limit", "starting_after", "ending_before"})
    items = store.all("credit_note")
    for key in ("invoice", "customer"):
        if value := p.str(key):
            items = [n for n in items if n[key] == value]
    return paginate(store, items, p, "/v1/credit_notes")
