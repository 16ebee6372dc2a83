"""Workshop pages and tickets.

``WorkshopFactory()`` publishes a workshop three weeks ahead (20 tickets at $600) under the
"Workshops" page of the editorial home. ``TicketFactory`` makes a ticket without checkout:
use it for reads (page, CSV, reminders); flows go through ``payments.orders.checkout``.
"""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from django.utils import timezone

from payments.models import Ticket, TicketStatus, WorkshopIndexPage, WorkshopPage

from .accounts import VerifiedUserFactory
from .editorial import PageFactory, editorial_home

WORKSHOP_PRICE = 60_000


def workshop_index() -> WorkshopIndexPage:
    """The site's "Workshops" page, created under the home page if missing."""
    home = editorial_home()
    index = WorkshopIndexPage.objects.child_of(home).first()
    if index is None:
        index = WorkshopIndexPage(title="Workshops", slug="workshops")
        home.add_child(instance=index)
        index.save_revision().publish()
        index.refresh_from_db()
    return index


class WorkshopFactory(PageFactory):
    class Meta:
        model = WorkshopPage

    title = factory.Sequence(lambda n: f"Workshop {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + dt.timedelta(days=21)).replace(microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=8))
    time_zone = "America/New_York"
    capacity = 20
    unit_amount = WORKSHOP_PRICE
    currency = "usd"
    summary = "A day of building the smallest test of a product idea."
    what_you_learn = "<ul><li>Find the riskiest assumption</li></ul>"
    who_should_attend = "<p>Product managers and founders.</p>"
    venue = "Institute studio\n120 Market Street, 4th floor"
    online_url = "https://meet.example.com/workshop"

    @classmethod
    def _default_parent(cls):
        return workshop_index()


class TicketFactory(DjangoModelFactory):
    class Meta:
        model = Ticket

    workshop = factory.SubFactory(WorkshopFactory)
    holder = factory.SubFactory(VerifiedUserFactory)
    quantity = 1
    status = TicketStatus.ACTIVE
