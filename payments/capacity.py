"""The capacity kinds payments sells, registered in ``PaymentsConfig.ready()``.

A class's seats are courses' kind (``courses.capacity.CohortSeats``) and workshop tickets
payments' own (``payments.workshops.services.WorkshopTickets``). Both are sold through orders, so
payments registers them with what only payments knows (courses imports nothing from
payments): where to buy and where to join the waitlist, the waitlist's emails (a join
confirmation, an offer), and where a purchase of an offered place stands (an order that took
over the offer's hold: ``Order.adopted_hold``).
"""

from django.urls import reverse

from courses.capacity import CohortSeats
from courses.models import Cohort
from engine.capacity.kinds import OFFER_BOUGHT, OFFER_PAYING, kind_register
from engine.capacity.models import WaitlistEntry
from payments.models import Order, OrderStatus
from payments.workshops import WorkshopTickets

IN_CHECKOUT_STATUSES = (OrderStatus.PENDING, OrderStatus.PAID)


class SoldThroughOrders:
    """The waitlist hooks of a kind that payments sells (mixed in before the kind)."""

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
    def buy_url(self, target: Cohort) -> str:
        return reverse("payments:buy", args=[target.slug])

    def join_url(self, target: Cohort) -> str:
        return reverse("payments:cohort_waitlist_join", args=[target.slug])


class WorkshopTicketsForSale(SoldThroughOrders, WorkshopTickets):
    pass


def capacity_kinds_register() -> None:
    kind_register(CohortSeatsForSale())
    kind_register(WorkshopTicketsForSale())
