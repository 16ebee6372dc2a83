"""The Stripe side of a checkout: the Checkout Session for an order placed by
``payments.orders.checkout``, and cancelling it when the buyer leaves.

The session charges exactly the amount ``payments.pricing`` computed: a session whose total
differs from ours is expired at once and the order released, so Stripe never charges
anything else. Each session is created with an idempotency key per order.
https://docs.stripe.com/api/checkout/sessions/create
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from payments.errors import PaymentProviderUnavailable, StripeGatewayError
from payments.models import Order, OrderStatus
from payments.orders.fulfilment import checkout_session_settle
from payments.orders.lifecycle import order_release
from payments.pricing import Quote
from payments.stripe_gateway import checkout_session_create, checkout_session_expire

logger = logging.getLogger(__name__)

# The invoice custom field Checkout prints a company's purchase-order number in.
PO_FIELD = "PO number"


@dataclass(frozen=True)
class CheckoutCompany:
    """A buyer paying by card for a company (``payments.invoicing.card``): Checkout collects
    the business name, billing address and tax IDs; the PO number goes on the invoice.
    ``customer_id``: a Stripe Customer already holding the tax ID the buyer gave us."""

    po_number: str = ""
    customer_id: str = ""


def _invoice_creation(*, order: Order, company: CheckoutCompany | None) -> dict:
    """Every card order gets a numbered invoice from Checkout (``invoice_creation``); a
    company's carries its PO number. https://docs.stripe.com/api/checkout/sessions/create"""
    data: dict = {
        "description": f"Order {order.pk}: {order.product_name}",
        "metadata": {"order_id": str(order.pk)},
    }
    if company is not None and company.po_number:
        data["custom_fields"] = [{"name": PO_FIELD, "value": company.po_number}]
    return {"enabled": True, "invoice_data": data}


def _session_params(
    *, order: Order, quote: Quote, buyer, site_url: str, company: CheckoutCompany | None = None
) -> dict:
    success = reverse("payments:checkout_return")
    product = order.seller.stripe_product(order)
    description = order.lines.values_list("description", flat=True).first() or order.product_name
    params: dict = {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": order.currency,
                    "unit_amount": order.unit_amount,
                    "product_data": {
                        "name": description,
                        "metadata": product,
                    },
                },
                "quantity": order.seats,
            }
        ],
        "metadata": {
            "order_id": str(order.pk),
            **product,
            "seats": str(order.seats),
        },
        "client_reference_id": str(order.pk),
        "customer_email": buyer.email,
        "expires_at": int(order.expires_at.timestamp()),
        "success_url": f"{site_url}{success}?session_id={{CHECKOUT_SESSION_ID}}",
        "cancel_url": f"{site_url}{reverse('payments:order_cancel', args=[order.pk])}",
        "payment_intent_data": {
            "metadata": {"order_id": str(order.pk)},
            "description": description,
        },
    }
    if quote.discount_code is not None and quote.discount_amount:
        params["discounts"] = [{"promotion_code": quote.discount_code.stripe_promotion_code_id}]
    if settings.STRIPE_TAX_ENABLED:
        params["automatic_tax"] = {"enabled": True}
    params["invoice_creation"] = _invoice_creation(order=order, company=company)
    if company is not None:
        # Checkout asks the business name, the billing address and tax IDs itself, and saves
        # them on the Customer (one we made holding the tax ID given on our page, or a new one).
        params["name_collection"] = {"business": {"enabled": True}}
        params["billing_address_collection"] = "required"
        params["tax_id_collection"] = {"enabled": True}
        if company.customer_id:
            del params["customer_email"]
            params["customer"] = company.customer_id
            params["customer_update"] = {"name": "auto", "address": "auto"}
        else:
            params["customer_creation"] = "always"
    return params


def checkout_session_open(
    *, order: Order, quote: Quote, buyer, site_url: str, company: CheckoutCompany | None = None
) -> dict:
    """Stripe's Checkout Session for ``order``, checked to charge exactly our total.

    Raises ``PaymentProviderUnavailable`` (the order released as ``failed``) when Stripe
    refuses, cannot be reached, or computes another total."""
    try:
        session = checkout_session_create(
            order_id=order.pk,
            params=_session_params(
                order=order, quote=quote, buyer=buyer, site_url=site_url, company=company
            ),
        )
    except StripeGatewayError as error:
        logger.warning("Checkout session for order %s failed: %s", order.pk, error)
        order_release(order_id=order.pk, to=OrderStatus.FAILED, reason=error.message)
        raise PaymentProviderUnavailable(
            "We could not reach our payment provider, so nothing was charged and your seats "
            "were released. Please try again in a minute."
        ) from error
    charged = session["amount_subtotal"] - (session.get("total_details") or {}).get(
        "amount_discount", 0
    )
    if session["amount_subtotal"] != order.subtotal_amount or charged != order.total_amount:
        # Never let Stripe charge anything but our amount (a stale coupon mirror, say).
        logger.error(
            "Order %s: Stripe computed %s, we computed %s; session expired.",
            order.pk,
            charged,
            order.total_amount,
        )
        _session_expire_quietly(session["id"])
        Order.objects.filter(pk=order.pk).update(stripe_session_id=session["id"])
        order_release(
            order_id=order.pk,
            to=OrderStatus.FAILED,
            reason=f"Stripe's total ({charged}) differed from ours ({order.total_amount}).",
        )
        raise PaymentProviderUnavailable(
            "We could not prepare your payment. Nothing was charged; please try again."
        )
    return session


def _session_expire_quietly(session_id: str) -> None:
    try:
        checkout_session_expire(session_id=session_id)
    except StripeGatewayError as error:
        logger.warning("Could not expire session %s: %s", session_id, error)


def order_cancel(*, order: Order) -> Order:
    """The buyer left checkout (Stripe's cancel link, or a new checkout replacing this one):
    expire the session at Stripe and give the seats and the code back. A session that was
    completed meanwhile is settled as paid instead. Idempotent."""
    if order.status != OrderStatus.PENDING or not order.stripe_session_id:
        return order
    _session_expire_quietly(order.stripe_session_id)
    try:
        return checkout_session_settle(session_id=order.stripe_session_id) or order
    except StripeGatewayError as error:
        logger.warning("Could not re-read session of order %s: %s", order.pk, error)
        return order
