"""The wanted state of Slack, stored: a channel per class, a membership per (class, student).

Services write what *should* be true (``wanted``); the sync writes what Slack last confirmed
(``actual``), with the last error and how many attempts it took. The reconciler works on the
rows where the two differ, so a lost task or an outage converges on the next run.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from courses.models import Cohort

channel_name_validator = RegexValidator(
    r"^[a-z0-9_-]{1,80}$",
    "Slack channel names use lowercase letters, digits, hyphens and underscores (at most 80).",
)


class SlackChannel(models.Model):
    """The Slack channel of one class; ``slack_id`` is empty until it exists in Slack."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="slack_channel")
    name = models.CharField(
        max_length=80,
        unique=True,
        validators=[channel_name_validator],
        help_text="Used when the channel is created in Slack (on the class's first "
        "enrollment). Renaming a channel that already exists is done in Slack.",
    )
    slack_id = models.CharField(max_length=32, blank=True, editable=False)
    last_error = models.CharField(max_length=255, blank=True, editable=False)
    created_in_slack_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "Slack channel"

    def __str__(self) -> str:
        return f"#{self.name}"


class Wanted(models.TextChoices):
    IN = "in", "In the channel"
    OUT = "out", "Out of the channel"


class Actual(models.TextChoices):
    PENDING = "pending", "Not synced yet"
    IN = "in", "In the channel"
    OUT = "out", "Out of the channel"
    NOT_IN_WORKSPACE = "not_in_workspace", "Not in the workspace (invitation emailed)"


class SlackMembership(models.Model):
    channel = models.ForeignKey(SlackChannel, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slack_memberships"
    )
    wanted = models.CharField(max_length=10, choices=Wanted.choices)
    actual = models.CharField(max_length=20, choices=Actual.choices, default=Actual.PENDING)
    slack_user_id = models.CharField(max_length=32, blank=True)
    last_error = models.CharField(max_length=255, blank=True)
    attempts = models.PositiveIntegerField(default=0, help_text="Sync attempts since the change.")
    changed_at = models.DateTimeField(help_text="When the wanted state last changed.")
    synced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Slack membership"
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "user"], name="slack_one_membership")
        ]
        indexes = [models.Index(fields=["wanted", "actual"], name="slack_membership_drift")]

    def __str__(self) -> str:
        return f"{self.user} {self.wanted} {self.channel}"

    @property
    def email(self) -> str:
        """The student's address, the one Slack is asked about (``users.lookupByEmail``)."""
        return self.user.email

    @property
    def in_step(self) -> bool:
        return self.wanted == self.actual
