"""Seats set aside in a cohort before anyone is enrolled in them.

A checkout holds seats while the buyer pays (the hold expires with the Stripe session); a
team's unclaimed seats are a hold without expiry that shrinks as members claim them. Cohort
capacity counts active enrollments plus the seats of unexpired holds, so a class can never
be sold twice over, whoever is selling it.
"""

from django.db import models
from django.db.models import Q

from .cohorts import Cohort


class SeatHold(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="seat_holds")
    reference = models.CharField(
        max_length=80,
        unique=True,
        help_text="Who holds the seats, e.g. 'order:42' or 'team:7'. One hold per reference.",
    )
    seats = models.PositiveIntegerField()
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: held until released (a team's seat pool)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "created_at"]
        indexes = [models.Index(fields=["cohort", "expires_at"], name="courses_hold_cohort_exp")]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="courses_hold_at_least_one")
        ]

    def __str__(self) -> str:
        return f"{self.seats} seat(s) in {self.cohort} for {self.reference}"
