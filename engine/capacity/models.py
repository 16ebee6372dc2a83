"""Places set aside in a target before anyone owns them, and the people waiting for one.

A checkout holds places while the buyer pays (the hold expires with the Stripe session), a
team's unclaimed seats are a hold without expiry that shrinks as members claim them, a
waitlist offer holds a place for a day. A target's places taken are its kind's permanent
places plus the places of its unexpired holds, so nothing is sold twice over, whoever sells
it. Writes: ``engine.capacity.services``.

A waitlist entry waits for a sold-out target of any kind, named by ``kind`` and
``target_id``. It is ``waiting`` in ``position`` order until a place frees up; the first one
then gets an ``offered`` place: a hold (``waitlist:<id>``, ``hold_reference``) that keeps the
place for 24 hours and a link carrying ``offer_token``. Buying through the link hands the hold
to the buyer's checkout and the entry ends ``converted``; an unused offer ends ``lapsed`` and
the place goes to the next person; ``left`` is someone who stepped out. Exactly-once is a
database fact: one live entry per ``(kind, target, email)`` (a partial unique constraint), one
offer hold per entry (the hold's unique reference). Writes: ``engine.capacity.waitlist``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from engine.capacity.kinds import kind_for, target_get


class Hold(models.Model):
    kind = models.CharField(
        max_length=30, help_text="The capacity kind of the target ('cohort', 'workshop')."
    )
    target_id = models.PositiveBigIntegerField(help_text="The primary key of the target row.")
    reference = models.CharField(
        max_length=80,
        unique=True,
        help_text="Who holds the places, e.g. 'order:42' or 'team:7'. One hold per reference.",
    )
    places = models.PositiveIntegerField()
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: held until released (a team's seat pool)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "target_id", "created_at", "pk"]
        indexes = [
            models.Index(fields=["kind", "target_id", "expires_at"], name="capacity_hold_target"),
            models.Index(fields=["expires_at"], name="capacity_hold_expiry"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="capacity_hold_at_least_one")
        ]

    def __str__(self) -> str:
        return f"{self.places} place(s) of {self.kind} {self.target_id} for {self.reference}"


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
    kind = models.CharField(
        max_length=30, help_text="The capacity kind waited for ('cohort', 'workshop')."
    )
    target_id = models.PositiveBigIntegerField(help_text="The class, workshop, ... waited for.")
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
            models.Index(fields=["status", "offer_expires_at"], name="capacity_waitlist_offers"),
            models.Index(fields=["kind", "target_id", "status"], name="capacity_waitlist_target"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_id", "email"],
                condition=Q(status__in=LIVE_WAITLIST_STATUSES),
                name="capacity_waitlist_one_live_per_target",
            ),
            models.CheckConstraint(
                condition=~Q(status=WaitlistStatus.OFFERED)
                | Q(offer_token__isnull=False, offer_expires_at__isnull=False),
                name="capacity_waitlist_offer_has_token_and_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} waiting for {self.target} ({self.get_status_display()})"

    @property
    def target(self):
        """The class, workshop, ... this entry waits for (read once, then kept)."""
        cached = getattr(self, "_target", None)
        if cached is None or cached.pk != self.target_id:
            cached = self._target = target_get(self.kind, self.target_id)
        return cached

    @target.setter
    def target(self, target) -> None:
        self.kind, self.target_id, self._target = kind_for(target).name, target.pk, target

    @property
    def hold_reference(self) -> str:
        return f"waitlist:{self.pk}"
