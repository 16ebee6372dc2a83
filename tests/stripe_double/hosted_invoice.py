"""The hosted invoice page and the invoice and credit-note PDFs (``hosted_invoice_url``,
``invoice_pdf``, a credit note's ``pdf``). They stand in for invoice.stripe.com and say so.

``GET /invoice/<id>`` shows the invoice (number, customer, tax IDs, custom fields such as the
purchase-order number, lines, tax, total, due date) and, while it is open, **Pay this
invoice** (``POST``: paid as the control ``pay_invoice`` pays it). ``GET /invoice/<id>/pdf``
and ``GET /credit_note/<id>/pdf`` answer a real one-page PDF with the same facts.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import TYPE_CHECKING, Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .api import Response
from .errors import ApiError
from .hosted import BANNER, _page, money

if TYPE_CHECKING:
    from .server import StripeDouble


def _date(timestamp: int | None) -> str:
    if not timestamp:
        return "—"
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%d %B %Y")


_ADDRESS_ORDER = ("line1", "line2", "city", "postal_code", "state", "country")


def _facts(double: StripeDouble, invoice: dict[str, Any]) -> list[tuple[str, str]]:
    address = invoice.get("customer_address") or {}
    facts = [
        ("Invoice number", invoice["number"] or "(draft)"),
        ("Status", invoice["status"]),
        ("Billed to", invoice.get("customer_name") or invoice.get("customer_email") or ""),
        ("Address", ", ".join(str(address[k]) for k in _ADDRESS_ORDER if address.get(k))),
    ]
    facts += [(f"Tax ID ({t['type']})", t["value"]) for t in invoice.get("customer_tax_ids") or []]
    facts += [(f["name"], f["value"]) for f in invoice.get("custom_fields") or []]
    facts += [("Due", _date(invoice.get("due_date")))]
    return facts


def _lines(invoice: dict[str, Any]) -> list[tuple[str, str]]:
    currency = invoice["currency"]
    rows = [
        (f"{line['description'] or 'Item'} x {line['quantity']}", money(line["amount"], currency))
        for line in invoice["lines"]["data"]
    ]
    rows.append(("Subtotal", money(invoice["subtotal"], currency)))
    if invoice["automatic_tax"]["enabled"]:
        rates = ", ".join(f"{t['rate_percent']}%" for t in invoice["total_taxes"])
        rows.append((f"Tax {rates}".strip(), money(invoice["tax"], currency)))
    rows.append(("Total", money(invoice["total"], currency)))
    if invoice["pre_payment_credit_notes_amount"]:
        rows.append(("Credited", money(invoice["pre_payment_credit_notes_amount"], currency)))
    rows.append(("Amount due", money(invoice["amount_due"], currency)))
    return rows


def _pdf(title: str, rows: list[tuple[str, str]]) -> Response:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 8, BANNER.replace("—", "-"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 12, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 11)
    for label, value in rows:
        text = f"{label}: {value}".replace("\u2014", "-")
        pdf.multi_cell(0, 7, text.encode("latin-1", "replace").decode("latin-1"),
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    return Response(200, bytes(pdf.output()), content_type="application/pdf")


def _invoice_html(double: StripeDouble, invoice: dict[str, Any], message: str = "") -> Response:
    facts = "".join(
        f"<tr><th scope='row'>{escape(k)}</th><td>{escape(v)}</td></tr>"
        for k, v in _facts(double, invoice)
    )
    lines = "".join(
        f"<tr><th scope='row'>{escape(k)}</th><td class='amount'>{escape(v)}</td></tr>"
        for k, v in _lines(invoice)
    )
    pay = ""
    if invoice["status"] in ("open", "uncollectible"):
        pay = (
            f"<form method='post' action='/invoice/{escape(invoice['id'])}'>"
            "<div class='actions'><button class='pay' type='submit'>Pay this invoice</button>"
            "</div></form>"
        )
    note = f"<p class='note' role='status'>{escape(message)}</p>" if message else ""
    pdf = (
        f"<p><a href='/invoice/{escape(invoice['id'])}/pdf'>Download the invoice (PDF)</a></p>"
        if invoice["number"]
        else ""
    )
    body = (
        f"<h1>Invoice {escape(invoice['number'] or '(draft)')}</h1>{note}"
        f"<table>{facts}</table><table>{lines}</table>{pdf}{pay}"
    )
    return _page(f"Invoice {invoice['number'] or ''}", body)


def handle(double: StripeDouble, method: str, path: str) -> Response:
    parts = path.strip("/").split("/")
    store = double.store
    try:
        if parts[0] == "credit_note" and len(parts) == 3 and parts[2] == "pdf":
            with store.lock:
                note = dict(store.get("credit_note", parts[1]))
                invoice = dict(store.objects[note["invoice"]])
            currency = note["currency"]
            rows = [
                ("Credit note", note["number"]),
                ("For invoice", invoice["number"]),
                ("Billed to", invoice.get("customer_name") or ""),
                ("Reason", note["reason"] or note["memo"] or ""),
                ("Amount credited", money(note["amount"], currency)),
            ]
            return _pdf(f"Credit note {note['number']}", rows)
        if parts[0] == "invoice" and len(parts) in (2, 3):
            with store.lock:
                invoice = dict(store.get("invoice", parts[1]))
            if len(parts) == 3 and parts[2] == "pdf" and method == "GET":
                if not invoice["number"]:
                    raise ApiError("A draft invoice has no PDF until it is finalized.", status=404)
                rows = _facts(double, invoice) + _lines(invoice)
                return _pdf(f"Invoice {invoice['number']}", rows)
            if len(parts) == 2 and method == "GET":
                return _invoice_html(double, invoice)
            if len(parts) == 2 and method == "POST":
                paid = double.pay_invoice(invoice["id"])
                double.wait_for_webhooks(double.hosted_page_wait)
                return _invoice_html(double, paid, "Paid. Thank you.")
    except ApiError as error:
        return _page("Error", f"<p class='error'>{escape(error.message)}</p>", error.status)
    return _page("Not found", "<p class='error'>No such page.</p>", 404)
