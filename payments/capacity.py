"""How payments sells a capacity kind through orders: the seller's interface and the kinds it
registers in ``PaymentsConfig.ready()``.

A class's seats are courses' kind (``courses.capacity.CohortSeats``) and workshop tickets
payments' own (``payments.workshops.services.WorkshopTickets``). The engine knows how to
hold, count and offer their places; what only the seller knows lives here, in one mixin a
kind puts before its ``CapacityKind`` (``class RoomsForSale(SoldThroughOrders, RoomPlaces)``)
and then registers with ``engine.capacity.kinds.kind_register``. Checkout
(``payments.orders.checkout.order_checkout_start``), fulfilment, refunds, the order pages and
emails call these hooks and never ask which kind they have.

What a kind sold through orders must say:

- ``quote(target, *, buyer, tier, seats, code, team, now)``: the price (``payments.pricing.Quote``),
  the code found and checked;
- ``order_grant(order, *, now)``: the order is paid, its code confirmed, its row locked: turn
  its hold into what was bought (an enrollment, a ticket, a booking), or raise
  ``OrderUnfulfillable`` (or the kind's ``NotEnoughPlaces``) with nothing written;
- ``order_end(order, *, now)``: a full refund or a dispute takes back what ``order_grant``
  gave; returns the target whose places came free.

What it may refine (defaults in brackets):

- ``order_field`` (""): the ``Order`` foreign key that also keeps the target (``"cohort"``,
  ``"workshop"``), so staff filters and joins stay plain SQL; ``order_target(order)`` reads
  the target back;
- ``checkout_refusal(target, *, buyer, tier, seats, team, now)`` (the kind's
  ``not_on_sale``; teams refused): raise ``CheckoutRefused`` saying why this purchase cannot
  start;
- ``sold_out(target, *, places_left, places_wanted, tier, now)`` (the kind's
  ``not_enough_places`` message): the ``SoldOut`` a buyer sees;
- ``line_description(target, *, quote)`` (title and noun): the order line and Stripe's
  product name; ``stripe_product(order)`` (kind and id): the Stripe metadata naming it;
- ``sells_tiers`` (False): whether the order's tier means anything to the buyer;
- ``template_dir`` (``payments/kinds/default/``): the kind's paragraphs in the order page,
  the receipt and the "could not hold your place" email (``fulfilled.html``,
  ``receipt.html``/``.txt``, ``unfulfillable.html``/``.txt``, ``offer.html``);
- ``place_noun``, ``title`` and ``buy_url`` (where to buy again) are the kind's own.

The waitlist's hooks (``waitlist_joined``, ``offer_made``, ``offer_checkout_state``) are
filled here for every kind sold through orders: the join confirmation and the offer go by
email, and a purchase of an offered place is an order that took over the offer's hold
(``Order.adopted_hold``).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from courses.capacity import CohortFull, CohortSeats
from courses.models import Cohort, Enrollment, EnrollmentSource, EnrollmentStatus
from courses.services import enrollment_create, enrollment_revoke_following_transfers
from engine.capacity.kinds import OFFER_BOUGHT, OFFER_PAYING, kind_register
from engine.capacity.models import WaitlistEntry
from payments.discounts import purchase_quote, workshop_purchase_quote
from payments.errors import CheckoutRefused, OrderUnfulfillable, SoldOut
from payments.models import Order, OrderStatus, Team, Ticket, WorkshopPage
from payments.pricing import Quote
from payments.selectors import cohort_next_open
from payments.workshops import WorkshopTickets, ticket_end, ticket_issue

IN_CHECKOUT_STATUSES = (OrderStatus.PENDING, OrderStatus.PAID)


class SoldThroughOrders:
    """The seller's hooks of a kind payments sells through orders (mixed in before the kind).

    See the module docstring for what each hook must do; ``name``, ``place_noun``,
    ``title``, ``buy_url``, ``get``, ``not_on_sale`` and ``not_enough_places`` come from the
    ``CapacityKind`` this is mixed into."""

    order_field: ClassVar[str] = ""
    sells_tiers: ClassVar[bool] = False
    template_dir: ClassVar[str] = "payments/kinds/default/"

    # -- checkout --------------------------------------------------------------------------

    def checkout_refusal(
        self, target: Model, *, buyer, tier: str, seats: int, team: Team | None, now: datetime
    ) -> None:
        if team is not None:
            raise CheckoutRefused(f"{self.title(target)} is not sold to teams.")
        reason = self.not_on_sale(target, now=now)
        if reason:
            raise CheckoutRefused(reason)

    def quote(
        self,
        target: Model,
        *,
        buyer,
        tier: str,
        seats: int,
        code: str | None,
        team: Team | None,
        now: datetime,
    ) -> Quote:
        raise NotImplementedError(f"{type(self).__name__} must price its places.")

    def sold_out(
        self, target: Model, *, places_left: int, places_wanted: int, tier: str, now: datetime
    ) -> SoldOut:
        refusal = self.not_enough_places(
            target, places_left=places_left, places_wanted=places_wanted
        )
        return SoldOut(refusal.message, cohort=None, seats_left=places_left)

    def line_description(self, target: Model, *, quote: Quote) -> str:
        return f"{self.title(target)} — {self.place_noun}"

    def order_target_fields(self, target: Model) -> dict:
        """What a new order stores to name ``target``."""
        fields = {"capacity_kind": self.name, "capacity_target_id": target.pk}
        if self.order_field:
            fields[self.order_field] = target
        return fields

    def order_target(self, order: Order) -> Model:
        if self.order_field:
            return getattr(order, self.order_field)
        cached = getattr(order, "_capacity_target", None)
        if cached is None or cached.pk != order.capacity_target_id:
            cached = order._capacity_target = self.get(order.capacity_target_id)
        return cached

    def stripe_product(self, order: Order) -> dict[str, str]:
        """The Stripe metadata that names what the order buys (strings only)."""
        return {"kind": self.name, "target_id": str(order.capacity_target_id)}

    # -- after payment ---------------------------------------------------------------------

    def order_grant(self, order: Order, *, now: datetime) -> None:
        raise NotImplementedError(f"{type(self).__name__} must say what a paid order gets.")

    def order_end(self, order: Order, *, now: datetime) -> Model:
        raise NotImplementedError(f"{type(self).__name__} must say how a refund ends a place.")

    # -- the waitlist's hooks --------------------------------------------------------------

    def waitlist_joined(self, target, *, entry: WaitlistEntry) -> None:
        from payments import tasks

        tasks.waitlist_joined_email.delay_on_commit(entry.pk)

    def offer_made(self, target, *, entry: WaitlistEntry) -> None:
        from payments import tasks

        tasks.waitlist_offer_email.delay_on_commit(entry.pk)

    def offer_checkout_state(self, target, *, entry: WaitlistEntry) -> str:
        orders = Order.objects.filter(adopted_hold=entry.hold_reference)
        if orders.filter(fulfilled_at__isnull=False).exists():
            return OFFER_BOUGHT
        if orders.filter(status__in=IN_CHECKOUT_STATUSES).exists():
            return OFFER_PAYING
        return ""


class CohortSeatsForSale(SoldThroughOrders, CohortSeats):
    """Seats in a class: one seat enrols the buyer, several make (or grow) a team's pool."""

    order_field = "cohort"
    sells_tiers = True
    template_dir = "payments/kinds/cohort/"

    def buy_url(self, target: Cohort) -> str:
        return reverse("payments:buy", args=[target.slug])

    def join_url(self, target: Cohort) -> str:
        return reverse("payments:cohort_waitlist_join", args=[target.slug])

    def checkout_refusal(
        self, target: Cohort, *, buyer, tier: str, seats: int, team: Team | None, now: datetime
    ) -> None:
        if team is not None and (
            team.owner_id != buyer.pk or team.cohort_id != target.pk or team.tier != tier
        ):
            raise CheckoutRefused("More seats for a team are bought by its owner, for its class.")
        if target.start_date <= timezone.localdate(now):
            raise CheckoutRefused(f"{target.name} has already started; choose a later class.")
        if not target.is_open_for_enrollment(now):
            opens = target.enrollment_opens_at
            if opens and now < opens:
                raise CheckoutRefused(
                    f"Enrollment in {target.name} opens on {timezone.localtime(opens):%-d %B %Y}."
                )
            raise CheckoutRefused(f"Enrollment in {target.name} has closed.")
        if team is None and seats == 1:
            enrolled = Enrollment.objects.filter(
                user=buyer, cohort=target, status=EnrollmentStatus.ACTIVE
            )
            if enrolled.exists():
                raise CheckoutRefused(f"You already have a place in {target.name}.")

    def quote(self, target: Cohort, *, buyer, tier, seats, code, team, now) -> Quote:
        return purchase_quote(
            cohort=target,
            tier=tier,
            seats=seats,
            code=code,
            buyer=buyer,
            seats_already_owned=team.seats_total if team else 0,
            now=now,
        )

    def sold_out(self, target: Cohort, *, places_left, places_wanted, tier, now) -> SoldOut:
        """Answered with the next class that has the seats, if there is one."""
        next_cohort = cohort_next_open(cohort=target, seats=places_wanted, tier=tier, now=now)
        if places_left:
            message = (
                f"{target.name} has only {places_left} seat(s) left; you asked for {places_wanted}."
            )
        else:
            message = f"{target.name} is sold out."
        if next_cohort is not None:
            message += f" The next open class is {next_cohort.name}."
        return SoldOut(message, cohort=target, seats_left=places_left, next_cohort=next_cohort)

    def line_description(self, target: Cohort, *, quote: Quote) -> str:
        text = f"{target.name} — {quote.tier_label} seat"
        if quote.group_percent_off:
            text += f" (group price, {quote.group_percent_off}% off)"
        return text

    def stripe_product(self, order: Order) -> dict[str, str]:
        return {"cohort": order.cohort.slug, "tier": order.tier}

    def order_grant(self, order: Order, *, now: datetime) -> None:
        from payments.teams import team_add_seats_for_order, team_create_for_order

        try:
            if order.team_id is not None:
                team_add_seats_for_order(order=order)
            elif order.seats >= 2:
                team_create_for_order(order=order)
            else:
                enrollment, created = enrollment_create(
                    user=order.buyer,
                    cohort=order.cohort,
                    source=EnrollmentSource.ORDER,
                    tier=order.tier,
                    hold_reference=order.hold_reference,
                )
                if not created:
                    raise OrderUnfulfillable(f"You already had a place in {order.cohort.name}.")
                order.enrollment = enrollment
        except CohortFull as full:
            reason = f"{order.cohort.name} filled up before your payment was confirmed."
            raise OrderUnfulfillable(reason) from full

    def order_end(self, order: Order, *, now: datetime) -> Model:
        """The team's seats, or the buyer's place wherever it lives now: a student
        transferred since loses the new class."""
        from payments.teams import team_seats_remove

        if order.team_id is not None:
            team_seats_remove(team_id=order.team_id, seats=order.seats)
        elif order.enrollment is not None:
            ended = enrollment_revoke_following_transfers(
                enrollment=order.enrollment, status=EnrollmentStatus.REFUNDED
            )
            if ended is not None:
                return ended.cohort
        return order.cohort


class WorkshopTicketsForSale(SoldThroughOrders, WorkshopTickets):
    """Tickets to a workshop: a paid order becomes a ``Ticket`` and its calendar invitation."""

    order_field = "workshop"
    template_dir = "payments/kinds/workshop/"

    def quote(self, target: WorkshopPage, *, buyer, tier, seats, code, team, now) -> Quote:
        return workshop_purchase_quote(
            workshop=target, tickets=seats, code=code, buyer=buyer, now=now
        )

    def line_description(self, target: WorkshopPage, *, quote: Quote) -> str:
        return f"{target.title} ({target.local_starts_at:%-d %B %Y}) — workshop ticket"

    def stripe_product(self, order: Order) -> dict[str, str]:
        return {"workshop": order.workshop.slug}

    def order_grant(self, order: Order, *, now: datetime) -> None:
        from payments import tasks

        ticket = ticket_issue(
            workshop=order.workshop,
            holder=order.buyer,
            reference=order.hold_reference,
            tickets=order.seats,
            order=order,
            now=now,
        )
        tasks.workshop_ticket_email.delay_on_commit(ticket.pk)

    def order_end(self, order: Order, *, now: datetime) -> Model:
        ticket = Ticket.objects.filter(order=order).select_related("workshop").first()
        if ticket is not None:
            ticket_end(ticket=ticket, now=now)
        return order.workshop


def capacity_kinds_register() -> None:
    kind_register(CohortSeatsForSale())
    kind_register(WorkshopTicketsForSale())
