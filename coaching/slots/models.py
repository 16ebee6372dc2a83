"""1:1 coaching: a coach's slots, the bookings of them, and each enrollment's credits.

- ``CoachingSlot``: one hour a coach offers; it has one place, taken through the capacity
  engine (``coaching.slots.capacity``) and, as a second line, by a partial unique constraint
  (one booked booking per slot).
- ``CoachingBooking``: a student's booking; cancelling keeps the row (``cancelled``).
- ``CoachingCredit``: per enrollment, the sessions its tier granted and how many are used.
  ``0 <= used <= granted`` is a CHECK constraint, and every change happens under the row's
  lock (``coaching.slots.services``), so credits never go below zero whatever the concurrency.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class CoachingSlot(models.Model):
    coach = models.ForeignKey("cms.Coach", on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        help_text="The coach's time zone when publishing (IANA name): their page shows it.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="coaching_slot_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["coach", "starts_at"], name="coaching_slot_once_per_coach_and_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coach} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def capacity(self) -> int:
        return 1


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"


class CoachingBooking(models.Model):
    slot = models.ForeignKey(CoachingSlot, on_delete=models.PROTECT, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_bookings"
    )
    credit = models.ForeignKey("CoachingCredit", on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(
        max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    topic = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status="booked"),
                name="coaching_slot_booked_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.slot}"


class CoachingCredit(models.Model):
    enrollment = models.OneToOneField(
        "courses.Enrollment", on_delete=models.CASCADE, related_name="coaching_credit"
    )
    granted = models.PositiveSmallIntegerField(
        help_text="Sessions the enrollment's tier included when the credits were opened."
    )
    used = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(used__gte=0) & Q(used__lte=F("granted")),
                name="coaching_credit_used_within_granted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment}: {self.used}/{self.granted}"

    @property
    def left(self) -> int:
        return self.granted - self.used
