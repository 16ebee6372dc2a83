"""Places set aside in a target before anyone owns them.

A checkout holds places while the buyer pays (the hold expires with the Stripe session), a
team's unclaimed seats are a hold without expiry that shrinks as members claim them, a
waitlist offer holds a place for a day. A target's places taken are its kind's permanent
places plus the places of its unexpired holds, so nothing is sold twice over, whoever sells
it. Writes: ``engine.capacity.services``.
"""

from django.db import models
from django.db.models import Q


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
