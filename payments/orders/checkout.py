"""Starting a purchase: ``order_checkout_start`` holds the places and the discount, records
the order and opens a Stripe Checkout Session for exactly the amount the seller quoted.

    validate -> quote -> [one transaction: order + lines, hold, discount reservation]
             -> Stripe Checkout Session (idempotency key per order) -> the buyer pays there

One path for every capacity kind sold through orders (seats in a class, workshop tickets,
whatever registers next): what differs between kinds (who may buy, the price, the line's
words, what "sold out" says) is asked of the kind's seller hooks (``payments.capacity``),
never by branching here. Places are held through the capacity engine; not enough places is
refused before anything is written or sent to Stripe (a full class answers with the next
open class). If Stripe cannot be reached, the hold and the discount are given back and the
order is marked ``failed``. A code that brings the total to zero fulfils at once, without
Stripe. The Stripe side (the session, and cancelling it) is
``payments.orders.checkout_sessions``.
"""

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from courses.models import EnrollmentTier
from engine.capacity.errors import NotEnoughPlaces
from engine.capacity.kinds import kind_for
from engine.capacity.services import hold_place, hold_rekey, places_left
from payments.capacity import SoldThroughOrders
from payments.discounts import (
    discount_code_mirror,
    discount_code_mirror_is_current,
    discount_redemption_reserve,
)
from payments.errors import CheckoutRefused, PaymentProviderUnavailable, StripeGatewayError
from payments.models import DiscountCode, Order, OrderLine, OrderStatus, Team
from payments.orders.checkout_sessions import (
    CheckoutCompany,
    checkout_session_open,
    order_cancel,
)
from payments.orders.fulfilment import order_fulfil
from payments.orders.lifecycle import order_transition
from payments.pricing import Quote

logger = logging.getLogger(__name__)

CHECKOUT_MINUTES = 30
# Stripe wants ``expires_at`` at least 30 minutes after it creates the session; one more
# minute keeps that true across this request's own latency and small clock differences.
CHECKOUT_SLACK = timedelta(minutes=1)
# An open checkout for the same purchase is reused while it has this long left.
REUSE_MARGIN = timedelta(minutes=5)


@dataclass(frozen=True)
class Checkout:
    order: Order
    redirect_url: str

    @property
    def needs_payment(self) -> bool:
        return bool(self.order.stripe_session_id)


def _open_order_for(
    *, orders, quote: Quote, team: Team | None, now, company: CheckoutCompany | None = None
) -> Order | None:
    """The buyer's still-open checkout for exactly this purchase among ``orders`` (theirs,
    for one class or workshop), to send them back to it; their other open checkouts there
    are cancelled (places and codes given back). A company's checkout is always new: its
    Stripe session carries what the buyer just gave (PO number, customer)."""
    purchase = (
        quote.tier,
        quote.seats,
        quote.discount_code.pk if quote.discount_code else None,
        team.pk if team else None,
    )
    reusable = None
    for order in orders.filter(status=OrderStatus.PENDING, stripe_session_status="open"):
        same = (order.tier, order.seats, order.discount_code_id, order.team_id) == purchase
        fresh = order.expires_at and order.expires_at > now + REUSE_MARGIN
        if same and company is None and reusable is None and fresh:
            reusable = order
        else:
            order_cancel(order=order)
    return reusable


def order_checkout_start(
    *,
    buyer,
    target: Model,
    seats: int = 1,
    tier: str = EnrollmentTier.STANDARD,
    code: str | None = None,
    team: Team | None = None,
    site_url: str | None = None,
    now: datetime | None = None,
    adopt_hold: str = "",
    company: CheckoutCompany | None = None,
) -> Checkout:
    """Begin buying ``seats`` places of ``target`` (a class, a workshop, any capacity kind
    sold through orders, ``payments.capacity``); returns where to send the buyer.

    ``tier`` and ``team`` mean something for a class only (more seats for a team its
    buyer owns). ``adopt_hold`` names a hold that already keeps the places (a waitlist
    offer's): the order takes those places over instead of holding new ones, so a full
    class can still sell them. Raises ``CheckoutRefused``, ``SoldOut`` (before anything is
    written or sent to Stripe), ``DiscountRejected`` or ``PaymentProviderUnavailable``
    (``payments.errors``), each with a message to show.
    """
    now = now or timezone.now()
    site_url = (site_url or settings.SITE_URL).rstrip("/")
    seller = seller_for(target)
    if not buyer.is_authenticated:
        raise CheckoutRefused(f"Sign in to buy a {seller.place_noun}.")
    seller.checkout_refusal(target, buyer=buyer, tier=tier, seats=seats, team=team, now=now)
    quote = seller.quote(target, buyer=buyer, tier=tier, seats=seats, code=code, team=team, now=now)
    mine = Order.objects.filter(
        buyer=buyer, capacity_kind=seller.name, capacity_target_id=target.pk
    )
    reusable = _open_order_for(orders=mine, quote=quote, team=team, now=now, company=company)
    if reusable is not None:
        return Checkout(order=reusable, redirect_url=reusable.checkout_url)
    # The places a waitlist offer holds for this buyer are theirs, not counted against them.
    left = places_left(target=target, now=now, exclude_hold=adopt_hold)
    if left < seats:
        raise seller.sold_out(
            target, places_left=left, places_wanted=seats, tier=quote.tier, now=now
        )
    return _checkout_open(
        buyer=buyer,
        target=target,
        quote=quote,
        team=team,
        site_url=site_url,
        now=now,
        adopt_hold=adopt_hold,
        company=company,
    )


def seller_for(target: Model) -> SoldThroughOrders:
    """How ``target``'s kind is sold; ``CheckoutRefused`` for a kind nobody sells here."""
    try:
        kind = kind_for(target)
    except LookupError:
        kind = None
    if not isinstance(kind, SoldThroughOrders):
        raise CheckoutRefused(f"{target} is not sold through a checkout here.")
    return kind


def _checkout_open(
    *,
    buyer,
    target: Model,
    quote: Quote,
    team: Team | None,
    site_url: str,
    now,
    adopt_hold: str = "",
    company: CheckoutCompany | None = None,
) -> Checkout:
    """Place the order (holds, discount) and open its Stripe session (or fulfil a free one)."""
    if quote.discount_code is not None and quote.total_amount > 0:
        quote = replace(quote, discount_code=_mirrored(quote.discount_code))
    order = _order_place(
        buyer=buyer, target=target, quote=quote, team=team, now=now, adopt_hold=adopt_hold
    )
    if order.status == OrderStatus.PAID:
        order = order_fulfil(order_id=order.pk, now=now)
        return Checkout(order=order, redirect_url=site_url + _order_path(order))
    session = checkout_session_open(
        order=order, quote=quote, buyer=buyer, site_url=site_url, company=company
    )
    order.stripe_session_id = session["id"]
    order.stripe_session_status = session["status"]
    order.checkout_url = session["url"]
    order.save(update_fields=["stripe_session_id", "stripe_session_status", "checkout_url"])
    return Checkout(order=order, redirect_url=order.checkout_url)


def _mirrored(code: DiscountCode) -> DiscountCode:
    if discount_code_mirror_is_current(code):
        return code
    try:
        return discount_code_mirror(code_id=code.pk)
    except StripeGatewayError as error:
        logger.warning("Stripe mirror of discount code %s failed: %s", code.code, error)
        raise PaymentProviderUnavailable(
            "We could not reach our payment provider. Nothing was charged; please try again "
            "in a minute."
        ) from error


def _order_path(order: Order) -> str:
    return reverse("payments:order_detail", args=[order.pk])


def _order_place(
    *, buyer, target: Model, quote: Quote, team: Team | None, now: datetime, adopt_hold: str = ""
) -> Order:
    """One transaction: the order and its line, the hold on its places (new, or
    ``adopt_hold``'s places handed over to the order) and the discount reservation."""
    seller = seller_for(target)
    expires_at = now + timedelta(minutes=CHECKOUT_MINUTES) + CHECKOUT_SLACK
    free = quote.total_amount == 0
    try:
        with transaction.atomic():
            order = Order.objects.create(
                buyer=buyer,
                **seller.order_target_fields(target),
                tier=quote.tier,
                seats=quote.seats,
                team=team,
                currency=quote.currency,
                list_unit_amount=quote.list_unit_amount,
                group_percent_off=quote.group_percent_off,
                unit_amount=quote.unit_amount,
                subtotal_amount=quote.subtotal_amount,
                discount_amount=quote.discount_amount,
                total_amount=quote.total_amount,
                discount_code=quote.discount_code,
                customer_email=buyer.email,
                expires_at=expires_at,
                adopted_hold=adopt_hold,
            )
            if free:  # nothing to pay: paid at once (the caller fulfils it)
                order_transition(order, to=OrderStatus.PAID, now=now)
            OrderLine.objects.create(
                order=order,
                description=seller.line_description(target, quote=quote),
                quantity=quote.seats,
                unit_amount=quote.unit_amount,
                amount_subtotal=quote.subtotal_amount,
                amount_discount=quote.discount_amount,
                amount_total=quote.total_amount,
            )
            hold = {"target": target, "places": quote.seats}
            hold.update(expires_at=expires_at, now=now)
            if adopt_hold:  # the places a waitlist offer holds become the order's
                hold_rekey(reference=adopt_hold, new_reference=order.hold_reference, **hold)
            else:
                hold_place(reference=order.hold_reference, **hold)
            if quote.discount_code is not None:
                discount_redemption_reserve(
                    code=quote.discount_code,
                    buyer=buyer,
                    order=order,
                    amount=quote.discount_amount,
                )
    except NotEnoughPlaces as refusal:
        raise seller.sold_out(
            target,
            places_left=refusal.places_left,
            places_wanted=quote.seats,
            tier=quote.tier,
            now=now,
        ) from refusal
    return order
