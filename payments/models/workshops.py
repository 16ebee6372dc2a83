"""Workshops: one-day events sold as a fixed number of tickets.

``WorkshopIndexPage`` ("Workshops", under the home page) lists ``WorkshopPage`` children. A
workshop has a ``capacity``: active ``Ticket`` places plus the places of unexpired holds
(``engine.capacity.Hold``, kind "workshop") never exceed it, because every write that takes a
place locks the workshop's page row first (``payments.workshops.services.WorkshopTickets``). A
ticket is bought through the one checkout (``payments.orders.checkout``): its order holds the
places for the checkout's life (the hold's reference is the order's ``hold_reference``) and
fulfilment turns the hold into a ``Ticket``.

The venue address and the online link are for ticket holders only: templates never show them
without ``payments.workshops.selectors.workshop_page_view`` saying the visitor holds a ticket.
"""

import zoneinfo
from datetime import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from courses.models.cohorts import validate_timezone
from payments.money import DEFAULT_CURRENCY, money_format, validate_currency


def time_zone_widget() -> forms.Select:
    return forms.Select(choices=[(n, n) for n in sorted(zoneinfo.available_timezones())])


class WorkshopIndexPage(Page):
    """The "Workshops" page: the list of upcoming workshops."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["payments.WorkshopPage"]
    max_count = 1
    template = "payments/workshops/workshop_index_page.html"

    class Meta:
        verbose_name = "workshop index page"

    def get_context(self, request, *args, **kwargs):
        from payments.workshops import workshops_upcoming

        context = super().get_context(request, *args, **kwargs)
        context["workshops"] = workshops_upcoming(index=self)
        return context


class WorkshopPage(Page):
    """One workshop: when and where, what it costs, what you will learn, how many tickets."""

    starts_at = models.DateTimeField(help_text="When it starts, in the workshop's time zone.")
    ends_at = models.DateTimeField(help_text="When it ends.")
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_timezone],
        default="America/New_York",
        help_text="Times are shown to buyers in this time zone.",
    )
    capacity = models.PositiveIntegerField(
        validators=[MinValueValidator(1)], help_text="How many tickets are for sale in all."
    )
    unit_amount = models.PositiveIntegerField(
        validators=[MinValueValidator(1)],
        help_text="Price of one ticket in the smallest currency unit: 50000 is $500.00.",
    )
    currency = models.CharField(
        max_length=3, default=DEFAULT_CURRENCY, validators=[validate_currency]
    )
    summary = models.CharField(max_length=255, help_text="One sentence for lists and emails.")
    what_you_learn = RichTextField(features=["bold", "italic", "link", "ul", "ol"])
    who_should_attend = RichTextField(features=["bold", "italic", "link", "ul", "ol"])
    instructor = models.ForeignKey(
        "cms.Coach", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    venue = models.TextField(
        blank=True, help_text="Address, shown to ticket holders only. Empty for online."
    )
    online_url = models.URLField(
        blank=True, help_text="Video call link, shown to ticket holders only."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("time_zone", widget=time_zone_widget()),
            ],
            heading="When",
        ),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("online_url")],
            heading="Where (ticket holders only)",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("capacity"), FieldPanel("unit_amount"), FieldPanel("currency")]
                )
            ],
            heading="Tickets",
        ),
        FieldPanel("what_you_learn"),
        FieldPanel("who_should_attend"),
        FieldPanel("instructor"),
    ]
    parent_page_types = ["payments.WorkshopIndexPage"]
    subpage_types: list[str] = []
    template = "payments/workshops/workshop_page.html"

    class Meta:
        verbose_name = "workshop"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The workshop must end after it starts."
        if not self.venue.strip() and not self.online_url:
            errors["venue"] = "Give a venue address or an online link (or both)."
        if errors:
            raise ValidationError(errors)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_starts_at(self) -> datetime:
        """Wall-clock start in the workshop's time zone, naive on purpose: templates convert
        aware datetimes to the site's time zone, and this must stay the workshop's."""
        return timezone.make_naive(self.starts_at, self.tz)

    @property
    def local_ends_at(self) -> datetime:
        return timezone.make_naive(self.ends_at, self.tz)

    @property
    def display_price(self) -> str:
        return money_format(self.unit_amount, self.currency)

    def get_context(self, request, *args, **kwargs):
        from payments.workshops import workshop_page_view

        context = super().get_context(request, *args, **kwargs)
        context["view"] = workshop_page_view(workshop=self, user=request.user)
        return context


class TicketStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    REFUNDED = "refunded", "Refunded"
    CANCELLED = "cancelled", "Cancelled"


class Ticket(models.Model):
    """The places an order bought (``quantity``, usually 1), held by the buyer."""

    workshop = models.ForeignKey(WorkshopPage, on_delete=models.PROTECT, related_name="tickets")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="workshop_tickets"
    )
    order = models.OneToOneField(
        "payments.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="ticket"
    )
    quantity = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    status = models.CharField(
        max_length=20, choices=TicketStatus.choices, default=TicketStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="payments_ticket_quantity")
        ]
        indexes = [models.Index(fields=["workshop", "status"], name="payments_ticket_status")]

    def __str__(self) -> str:
        return f"{self.quantity} ticket(s) for {self.workshop} ({self.holder})"
