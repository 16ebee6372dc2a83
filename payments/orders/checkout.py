"""Starting a purchase: ``checkout_start`` holds the seats and the discount, records the order
and opens a Stripe Checkout Session for exactly the amount ``payments.pricing`` computed.

    validate -> quote -> [one transaction: order + lines, seat hold, discount reservation]
             -> Stripe Checkout Session (idempotency key per order) -> the buyer pays there

A full class is answered with the next open class before anything is written or sent to
Stripe. If Stripe cannot be reached, the hold and the discount are given back and the order
is marked ``failed``. A code that brings the total to zero enrols at once, without Stripe.

Workshop tickets (``workshop_checkout_start``) take the same path: the order names the
workshop instead of a class and its tickets are held like seats (``engine.capacity``); a sold-out
workshop is refused before anything is written or sent to Stripe. The Stripe side (the
session, and cancelling it) is ``payments.orders.checkout_sessions``.
"""

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from courses.capacity import CohortFull
from courses.models import Cohort, Enrollment, EnrollmentStatus
from engine.capacity.services import hold_place, hold_rekey, places_left
from payments.discounts import (
    discount_code_mirror,
    discount_code_mirror_is_current,
    discount_redemption_reserve,
    purchase_quote,
    workshop_purchase_quote,
)
from payments.errors import (
    CheckoutRefused,
    PaymentProviderUnavailable,
    SoldOut,
    StripeGatewayError,
)
from payments.models import DiscountCode, Order, OrderLine, OrderStatus, Team, WorkshopPage
from payments.orders.checkout_sessions import checkout_session_open, order_cancel
from payments.orders.fulfilment import order_fulfil
from payments.orders.lifecycle import order_transition
from payments.pricing import Quote
from payments.selectors import cohort_next_open
from payments.workshops import WorkshopSoldOut

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


def _sold_out(*, cohort: Cohort, seats: int, seats_left: int, tier: str, now) -> SoldOut:
    next_cohort = cohort_next_open(cohort=cohort, seats=seats, tier=tier, now=now)
    if seats_left:
        message = f"{cohort.name} has only {seats_left} seat(s) left; you asked for {seats}."
    else:
        message = f"{cohort.name} is sold out."
    if next_cohort is not None:
        message += f" The next open class is {next_cohort.name}."
    return SoldOut(message, cohort=cohort, seats_left=seats_left, next_cohort=next_cohort)


def _check_purchase(*, buyer, cohort: Cohort, tier: str, seats: int, team: Team | None, now):
    if not buyer.is_authenticated:
        raise CheckoutRefused("Sign in to buy a place.")
    if team is not None and (
        team.owner_id != buyer.pk or team.cohort_id != cohort.pk or team.tier != tier
    ):
        raise CheckoutRefused("More seats for a team are bought by its owner, for its class.")
    if cohort.start_date <= timezone.localdate(now):
        raise CheckoutRefused(f"{cohort.name} has already started; choose a later class.")
    if not cohort.is_open_for_enrollment(now):
        opens = cohort.enrollment_opens_at
        if opens and now < opens:
            raise CheckoutRefused(
                f"Enrollment in {cohort.name} opens on {timezone.localtime(opens):%-d %B %Y}."
            )
        raise CheckoutRefused(f"Enrollment in {cohort.name} has closed.")
    if team is None and seats == 1:
        enrolled = Enrollment.objects.filter(
            user=buyer, cohort=cohort, status=EnrollmentStatus.ACTIVE
        )
        if enrolled.exists():
            raise CheckoutRefused(f"You already have a place in {cohort.name}.")


def _open_order_for(*, orders, quote: Quote, team: Team | None, now) -> Order | None:
    """The buyer's still-open checkout for exactly this purchase among ``orders`` (theirs,
    for one class or workshop), to send them back to it; their other open checkouts there
    are cancelled (places and codes given back)."""
    purchase = (
        quote.tier,
        quote.seats,
        quote.discount_code.pk if quote.discount_code else None,
        team.pk if team else None,
    )
    reusable = None
    for order in orders.filter(status=OrderStatus.PENDING, stripe_session_status="open"):
        same = (order.tier, order.seats, order.discount_code_id, order.team_id) == purchase
        if same and reusable is None and order.expires_at and order.expires_at > now + REUSE_MARGIN:
            reusable = order
        else:
            order_cancel(order=order)
    return reusable


def checkout_start(
    *,
    buyer,
    cohort: Cohort,
    tier: str,
    seats: int,
    code: str | None = None,
    team: Team | None = None,
    site_url: str | None = None,
    now: datetime | None = None,
    adopt_hold: str = "",
) -> Checkout:
    """Begin buying ``seats`` seats of ``tier`` in ``cohort``; returns where to send the buyer.

    ``adopt_hold`` names a hold that already keeps the seats (a waitlist offer's): the order
    takes those seats over instead of holding new ones, so a full class can still sell them.
    Raises ``CheckoutRefused``, ``SoldOut``, ``DiscountRejected`` or
    ``PaymentProviderUnavailable`` (``payments.errors``), each with a message to show.
    """
    now = now or timezone.now()
    site_url = (site_url or settings.SITE_URL).rstrip("/")
    _check_purchase(buyer=buyer, cohort=cohort, tier=tier, seats=seats, team=team, now=now)
    quote = purchase_quote(
        cohort=cohort,
        tier=tier,
        seats=seats,
        code=code,
        buyer=buyer,
        seats_already_owned=team.seats_total if team else 0,
        now=now,
    )
    reusable = _open_order_for(
        orders=Order.objects.filter(buyer=buyer, cohort=cohort), quote=quote, team=team, now=now
    )
    if reusable is not None:
        return Checkout(order=reusable, redirect_url=reusable.checkout_url)
    # The seats a waitlist offer holds for this buyer are theirs, not counted against them.
    left = places_left(target=cohort, now=now, exclude_hold=adopt_hold)
    if left < seats:
        raise _sold_out(cohort=cohort, seats=seats, seats_left=left, tier=tier, now=now)
    return _checkout_open(
        buyer=buyer, quote=quote, team=team, site_url=site_url, now=now, adopt_hold=adopt_hold
    )


def workshop_checkout_start(
    *,
    buyer,
    workshop: WorkshopPage,
    tickets: int = 1,
    code: str | None = None,
    site_url: str | None = None,
    now: datetime | None = None,
    adopt_hold: str = "",
) -> Checkout:
    """Begin buying ``tickets`` tickets to ``workshop``: the same order, discount reservation,
    Stripe session and fulfilment as a class, with the tickets held instead of seats
    (``adopt_hold``: as for ``checkout_start``, tickets a waitlist offer already holds).

    Raises ``CheckoutRefused``, ``SoldOut`` (before anything is written or sent to Stripe),
    ``DiscountRejected`` or ``PaymentProviderUnavailable``.
    """
    now = now or timezone.now()
    site_url = (site_url or settings.SITE_URL).rstrip("/")
    if not buyer.is_authenticated:
        raise CheckoutRefused("Sign in to buy a ticket.")
    if not workshop.live or workshop.starts_at <= now:
        raise CheckoutRefused(f"{workshop.title} is no longer on sale.")
    quote = workshop_purchase_quote(
        workshop=workshop, tickets=tickets, code=code, buyer=buyer, now=now
    )
    reusable = _open_order_for(
        orders=Order.objects.filter(buyer=buyer, workshop=workshop), quote=quote, team=None, now=now
    )
    if reusable is not None:
        return Checkout(order=reusable, redirect_url=reusable.checkout_url)
    left = places_left(target=workshop, now=now, exclude_hold=adopt_hold)
    if left < tickets:
        raise SoldOut(
            str(WorkshopSoldOut(workshop, tickets_left=left, tickets_wanted=tickets)),
            cohort=None,
            seats_left=left,
        )
    return _checkout_open(
        buyer=buyer, quote=quote, team=None, site_url=site_url, now=now, adopt_hold=adopt_hold
    )


def _checkout_open(
    *, buyer, quote: Quote, team: Team | None, site_url: str, now, adopt_hold: str = ""
) -> Checkout:
    """Place the order (holds, discount) and open its Stripe session (or fulfil a free one)."""
    if quote.discount_code is not None and quote.total_amount > 0:
        quote = replace(quote, discount_code=_mirrored(quote.discount_code))
    order = _order_place(buyer=buyer, quote=quote, team=team, now=now, adopt_hold=adopt_hold)
    if order.status == OrderStatus.PAID:
        order = order_fulfil(order_id=order.pk, now=now)
        return Checkout(order=order, redirect_url=site_url + _order_path(order))
    session = checkout_session_open(order=order, quote=quote, buyer=buyer, site_url=site_url)
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
    *, buyer, quote: Quote, team: Team | None, now: datetime, adopt_hold: str = ""
) -> Order:
    """One transaction: the order and its line, the seat hold (new, or ``adopt_hold``'s seats
    handed over to the order) and the discount reservation."""
    expires_at = now + timedelta(minutes=CHECKOUT_MINUTES) + CHECKOUT_SLACK
    free = quote.total_amount == 0
    try:
        with transaction.atomic():
            order = Order.objects.create(
                buyer=buyer,
                cohort=quote.cohort,
                workshop=quote.workshop,
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
                description=quote.line_description,
                quantity=quote.seats,
                unit_amount=quote.unit_amount,
                amount_subtotal=quote.subtotal_amount,
                amount_discount=quote.discount_amount,
                amount_total=quote.total_amount,
            )
            hold = {"target": order.capacity_target, "places": quote.seats}
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
    except CohortFull as full:
        raise _sold_out(
            cohort=quote.cohort,
            seats=quote.seats,
            seats_left=full.seats_left,
            tier=quote.tier,
            now=now,
        ) from full
    except WorkshopSoldOut as sold_out:
        raise SoldOut(sold_out.message, cohort=None, seats_left=sold_out.tickets_left) from None
    return order
