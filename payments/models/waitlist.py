"""Waitlists: people waiting for a place in a sold-out class (cohort) or workshop.

An entry is ``waiting`` in ``position`` order until a place frees up; the first one then gets
an ``offered`` place: a hold (``waitlist:<id>``, ``hold_reference``) that keeps the place for
24 hours and a link carrying ``offer_token``. Buying through the link turns the hold into the
order's (``Order.adopted_hold``) and the entry ends ``converted``; an unused offer ends
``lapsed`` and the place goes to the next person; ``left`` is someone who stepped out.

Exactly-once is a database fact, not a check-then-insert: one live entry per ``(target, email)``
(partial unique constraints), one offer hold per entry (the hold's unique reference), and one
offer email per entry (``PaymentEmail`` ledger). Writes: ``payments.waitlist``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from courses.models import Cohort

from .workshops import WorkshopPage


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    OFFERED = "offered", "Offered a place"
    CONVERTED = "converted", "Bought the place"
    LAPSED = "lapsed", "Offer lapsed"
    LEFT = "left", "Left the waitlist"


LIVE_WAITLIST_STATUSES = (WaitlistStatus.WAITING, WaitlistStatus.OFFERED)


class WaitlistEntry(models.Model):
    email = models.EmailField(help_text="Stored in lower case; the offer is sent here.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="waitlist_entries",
        help_text="The account that joined, when they were signed in.",
    )
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.CASCADE, related_name="waitlist_entries"
    )
    workshop = models.ForeignKey(
        WorkshopPage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="waitlist_entries",
    )
    position = models.PositiveIntegerField(
        help_text="Lower goes first; staff reorder the list in the admin."
    )
    status = models.CharField(
        max_length=20, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING
    )
    offer_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "created_at", "pk"]
        verbose_name = "waitlist entry"
        verbose_name_plural = "waitlist entries"
        permissions = [("reorder_waitlistentry", "Can reorder waitlists")]
        indexes = [
            models.Index(fields=["status", "offer_expires_at"], name="payments_waitlist_offers")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cohort__isnull=False, workshop__isnull=True)
                | Q(cohort__isnull=True, workshop__isnull=False),
                name="payments_waitlist_class_or_workshop",
            ),
            models.UniqueConstraint(
                fields=["cohort", "email"],
                condition=Q(status__in=LIVE_WAITLIST_STATUSES),
                name="payments_waitlist_one_live_per_cohort",
            ),
            models.UniqueConstraint(
                fields=["workshop", "email"],
                condition=Q(status__in=LIVE_WAITLIST_STATUSES),
                name="payments_waitlist_one_live_per_workshop",
            ),
            models.CheckConstraint(
                condition=~Q(status=WaitlistStatus.OFFERED)
                | Q(offer_token__isnull=False, offer_expires_at__isnull=False),
                name="payments_waitlist_offer_has_token_and_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} waiting for {self.target} ({self.get_status_display()})"

    @property
    def target(self):
        """The class or the workshop this entry waits for."""
        return self.cohort if self.cohort_id else self.workshop

    @property
    def hold_reference(self) -> str:
        return f"waitlist:{self.pk}"
