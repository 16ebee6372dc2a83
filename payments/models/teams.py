"""Teams: a buyer's pool of seats in one class, the invitations sent, the seats claimed.

A paid multi-seat order becomes a team whose unclaimed seats are a seat hold without expiry
(``engine.capacity``, reference ``team:<pk>``): they count against the class's capacity from
the moment they are paid for. Claiming a seat turns one held seat into an enrollment under
the team's row lock, so more acceptances than seats never over-fill the pool.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from courses.models import Cohort, Enrollment, EnrollmentTier


class Team(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_teams"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="teams")
    tier = models.CharField(max_length=20, choices=EnrollmentTier.choices)
    name = models.CharField(max_length=120, blank=True)
    seats_total = models.PositiveIntegerField(
        default=0, help_text="Seats paid for and not refunded."
    )
    co_admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="co_administered_teams",
        help_text="People the owner named to manage the team with them (invite, reassign, "
        "see progress). Only the owner buys seats and names co-admins.",
    )
    digest_enabled = models.BooleanField(
        default=True, help_text="Send the owner a progress digest on Monday mornings."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name or f"Team of {self.owner} in {self.cohort}"

    @property
    def hold_reference(self) -> str:
        return f"team:{self.pk}"


class SeatStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    RELEASED = "released", "Released"


class TeamSeat(models.Model):
    """A claimed seat: a member of the team with their own enrollment."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_seats"
    )
    enrollment = models.OneToOneField(Enrollment, on_delete=models.PROTECT, related_name="+")
    invitation = models.OneToOneField(
        "payments.TeamInvitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seat",
    )
    status = models.CharField(max_length=20, choices=SeatStatus.choices, default=SeatStatus.ACTIVE)
    claimed_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["team", "claimed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=Q(status="active"),
                name="payments_one_active_seat_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    ACCEPTED = "accepted", "Accepted"
    REVOKED = "revoked", "Revoked"
    VOIDED = "voided", "Voided (the seat was refunded)"


class TeamInvitation(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(
        null=True, blank=True, help_text="When a refund left no seat for this invitation."
    )

    class Meta:
        ordering = ["team", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "email"],
                condition=Q(status="pending"),
                name="payments_one_open_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.team} ({self.status})"
