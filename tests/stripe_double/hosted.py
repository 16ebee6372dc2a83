"""The double's hosted checkout page: what ``session.url`` opens in ``make run`` and in browser
journeys. It stands in for https://checkout.stripe.com and says so on every screen.

``GET /checkout/<id>`` shows the line items, discount and total; "Pay" completes the session
paid, "Pay later (bank transfer)" completes it unpaid (an async payment), and both redirect to
``success_url`` (``{CHECKOUT_SESSION_ID}`` replaced) once the resulting webhooks were delivered
(or ``hosted_page_wait`` seconds passed). "Cancel" is a link to ``cancel_url``.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from .api import Response
from .errors import ApiError
from .forms import decode
from .resources import ZERO_DECIMAL_CURRENCIES

if TYPE_CHECKING:
    from .server import StripeDouble

BANNER = "TEST MODE — local Stripe test double. No real money moves."

_STYLE = """
body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1a1f36;line-height:1.5}
.banner{background:#8a4b00;color:#fff;padding:.75rem 1rem;font-weight:700;text-align:center}
main{max-width:36rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;
box-shadow:0 1px 3px rgba(0,0,0,.15)}
table{width:100%;border-collapse:collapse;margin:1rem 0}
th,td{padding:.5rem 0;border-bottom:1px solid #e3e8ee;text-align:left}
td.amount,th.amount{text-align:right;white-space:nowrap}
tfoot th,tfoot td{border-bottom:none}
.total th,.total td{font-size:1.2rem;font-weight:700}
label{display:block;font-weight:600;margin-top:1rem}
input{width:100%;padding:.5rem;font-size:1rem;border:1px solid #8792a2;border-radius:4px;
box-sizing:border-box}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:1.5rem}
button{font-size:1rem;padding:.6rem 1.2rem;border-radius:4px;border:2px solid #0a2540;
cursor:pointer}
button.pay{background:#0a2540;color:#fff}
button.later{background:#fff;color:#0a2540}
button:focus,a:focus,input:focus{outline:3px solid #f5a623;outline-offset:2px}
a{color:#0a2540}
.error{background:#fdecea;border:1px solid #b3261e;color:#5f1410;padding:.75rem;border-radius:4px}
.note{color:#4f566b;font-size:.9rem}
"""


def money(amount: int, currency: str) -> str:
    if currency in ZERO_DECIMAL_CURRENCIES:
        return f"{amount:,} {currency.upper()}"
    return f"{amount / 100:,.2f} {currency.upper()}"


def _page(title: str, body: str, status: int = 200) -> Response:
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · Stripe test double</title>
<style>{_STYLE}</style>
</head>
<body>
<div class="banner" role="note" aria-label="Test mode">{escape(BANNER)}</div>
<main>
{body}
</main>
</body>
</html>
"""
    return Response(status, html.encode(), content_type="text/html; charset=utf-8")


def _discount_label(double: StripeDouble, session: dict[str, Any]) -> str:
    if not session["discounts"]:
        return "Discount"
    entry = session["discounts"][0]
    promo = double.store.objects.get(entry["promotion_code"] or "")
    coupon = double.store.objects.get(entry["coupon"]) or {}
    name = promo["code"] if promo else coupon.get("name") or coupon.get("id", "")
    return f"Discount ({name})"


def render_session(double: StripeDouble, session: dict[str, Any], error: str = "") -> Response:
    currency = session["currency"]
    rows = "\n".join(
        f"<tr><td>{escape(item['description'] or '')}</td><td class='amount'>{item['quantity']}"
        f"</td><td class='amount'>{money(item['amount_subtotal'], currency)}</td></tr>"
        for item in double.store.private[session["id"]]["line_items"]
    )
    totals = session["total_details"]
    discount_row = (
        f"<tr><th scope='row' colspan='2'>{escape(_discount_label(double, session))}</th>"
        f"<td class='amount'>&minus;{money(totals['amount_discount'], currency)}</td></tr>"
        if totals["amount_discount"]
        else ""
    )
    tax_row = (
        f"<tr><th scope='row' colspan='2'>Tax (the double's fixed table, not Stripe Tax)</th>"
        f"<td class='amount'>{money(totals['amount_tax'], currency)}</td></tr>"
        if session["automatic_tax"]["enabled"]
        else ""
    )
    summary = f"""<h1>Checkout</h1>
<table>
<caption class="note">Order summary for session <code>{escape(session["id"])}</code></caption>
<thead><tr><th scope="col">Item</th><th scope="col" class="amount">Qty</th>
<th scope="col" class="amount">Amount</th></tr></thead>
<tbody>
{rows}
</tbody>
<tfoot>
<tr><th scope="row" colspan="2">Subtotal</th>
<td class="amount">{money(session["amount_subtotal"], currency)}</td></tr>
{discount_row}{tax_row}
<tr class="total"><th scope="row" colspan="2">Total due</th>
<td class="amount">{money(session["amount_total"], currency)}</td></tr>
</tfoot>
</table>"""
    error_html = f"<p class='error' role='alert'>{escape(error)}</p>" if error else ""
    if session["status"] != "open":
        state = {"complete": "has been completed", "expired": "has expired"}[session["status"]]
        return _page(
            "Checkout closed",
            f"{summary}{error_html}<p role='status'>This checkout session {state}. No further "
            "payment can be made here.</p>",
            status=400 if error else 200,
        )
    email = session["customer_email"] or ""
    readonly = " readonly" if email else ""
    total = money(session["amount_total"], currency)
    cancel = (
        f"<a href='{escape(session['cancel_url'])}'>Cancel and return</a>"
        if session["cancel_url"]
        else ""
    )
    form = f"""{error_html}
<form method="post" action="/checkout/{escape(session["id"])}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required
 value="{escape(email)}"{readonly}>
{_business_fields(double, session)}
<p class="note">No card is asked for: this page only simulates the customer's choice.</p>
<div class="actions">
<button class="pay" type="submit" name="action" value="pay">Pay {total}</button>
<button class="later" type="submit" name="action" value="pay_later">
Pay later (bank transfer)</button>
{cancel}
</div>
</form>"""
    return _page("Checkout", summary + form, status=400 if error else 200)


def _business_fields(double: StripeDouble, session: dict[str, Any]) -> str:
    """The business name, billing address and tax ID inputs, where the session collects them
    (prefilled from its Customer, as Checkout does)."""
    customer = double.store.objects.get(session["customer"] or "") or {}
    address = customer.get("address") or {}
    tax_ids = [t for t in double.store.all("tax_id") if t["customer"] == customer.get("id")]
    parts = []

    def field(name: str, label: str, value: str = "", required: bool = True) -> str:
        need = " required" if required else ""
        return (
            f"<label for='{name}'>{label}</label>"
            f"<input id='{name}' name='{name}' value='{escape(value or '')}'{need}>"
        )

    if session["name_collection"]["business"]["enabled"]:
        optional = session["name_collection"]["business"]["optional"]
        parts.append(
            field("business_name", "Business name", customer.get("name") or "", not optional)
        )
    if session["billing_address_collection"] == "required":
        parts.append(field("line1", "Address", address.get("line1") or ""))
        parts.append(field("city", "City", address.get("city") or ""))
        parts.append(field("postal_code", "Postal code", address.get("postal_code") or "", False))
        parts.append(field("country", "Country (two letters)", address.get("country") or ""))
    if session["tax_id_collection"]["enabled"]:
        first = tax_ids[0] if tax_ids else {}
        kinds = "".join(
            f"<option value='{k}'{' selected' if first.get('type') == k else ''}>{k}</option>"
            for k in ("", "eu_vat", "gb_vat", "us_ein", "ch_vat")
        )
        parts.append(f"<label for='tax_id_type'>Tax ID type</label>"
                     f"<select id='tax_id_type' name='tax_id_type'>{kinds}</select>")  # fmt: skip
        parts.append(field("tax_id_value", "Tax ID", first.get("value") or "", False))
    return "\n".join(parts)


def _business_details(form: dict[str, str]) -> dict[str, Any]:
    details: dict[str, Any] = {}
    if form.get("business_name"):
        details["business_name"] = form["business_name"]
    if form.get("country"):
        details["address"] = {
            key: form.get(key) or None for key in ("line1", "city", "postal_code")
        } | {"country": form["country"].strip().upper()}
    if form.get("tax_id_value"):
        details["tax_ids"] = [(form.get("tax_id_type") or "", form["tax_id_value"])]
    return details


def handle(double: StripeDouble, method: str, path: str, body: str) -> Response:
    session_id = path.removeprefix("/checkout/").strip("/")
    double.sweep()
    try:
        session = double.get(session_id)
    except KeyError:
        session = None
    if session is None or session.get("object") != "checkout.session" or "/" in session_id:
        return _page("Not found", "<h1>No such checkout session</h1>", status=404)
    if method == "GET":
        with double.store.lock:
            return render_session(double, session)
    if method != "POST":
        return _page("Not allowed", "<h1>Method not allowed</h1>", status=405)
    form = decode(body)
    action = form.get("action")
    if action not in ("pay", "pay_later"):
        with double.store.lock:
            return render_session(double, session, "Choose Pay or Pay later.")
    try:
        session = double.complete_session(
            session_id,
            paid=action == "pay",
            email=form.get("email") or None,
            **_business_details(form),
        )
    except ApiError as error:
        with double.store.lock:
            return render_session(double, double.get(session_id), error.message)
    double.wait_for_webhooks(timeout=double.hosted_page_wait)
    if session["success_url"]:
        location = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
        return Response(303, b"", {"Location": location}, content_type="text/plain")
    return _page(
        "Payment received",
        "<h1>Thanks</h1><p role='status'>The checkout session is complete.</p>",
    )


def index() -> Response:
    return _page(
        "Stripe test double",
        "<h1>Local Stripe test double</h1><p>Stripe's API (the parts modelled) is served under "
        "<code>/v1/</code>; hosted checkout pages under <code>/checkout/&lt;session id&gt;</code>; "
        "test controls under <a href='/_double/'><code>/_double/</code></a>.</p>",
    )
