"""The capacity kinds payments sells, registered in ``PaymentsConfig.ready()``.

A class's seats are courses' kind (``courses.capacity.CohortSeats``); payments sells them,
so it registers the kind again with the pages only payments has: where to buy a seat and
where to join the class's waitlist (courses imports nothing from payments). Workshop
tickets are payments' own kind (``payments.workshops.WorkshopTickets``).
"""

from django.urls import reverse

from courses.capacity import CohortSeats
from courses.models import Cohort
from engine.capacity.kinds import kind_register
from payments.workshops import WorkshopTickets


class CohortSeatsForSale(CohortSeats):
    def buy_url(self, target: Cohort) -> str:
        return reverse("payments:buy", args=[target.slug])

    def join_url(self, target: Cohort) -> str:
        return reverse("payments:cohort_waitlist_join", args=[target.slug])


def capacity_kinds_register() -> None:
    kind_register(CohortSeatsForSale())
    kind_register(WorkshopTickets())
