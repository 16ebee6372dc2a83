"""Who is told about what, and each student's notification preference.

One ledger row is the decision about one announcement: ``ReleaseNotice`` is unique per
``(enrollment, week_release)``, ``CatchUpNotice`` per enrollment (the late joiner's welcome),
``DigestNotice`` per ``(user, week_start)``. A row is either ``email`` (told by an email, whose
outbox row ``email`` carries the sending state: pending, claimed, sent, failed) or
``skipped`` with a reason. Sending is the outbox's (``engine.outbox``), one design for every
email, so every week is announced exactly once per student across retries and killed workers.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class NoticeStatus(models.TextChoices):
    EMAIL = "email", "Told by email (see the outbox row)"
    SKIPPED = "skipped", "Skipped"


class SkipReason(models.TextChoices):
    OPTED_OUT = "opted_out", "Student turned release emails off"
    DIGEST = "digest", "Goes into the weekly digest"
    CAUGHT_UP = "caught_up", "Covered by the welcome / catch-up email"
    TRANSFERRED = "transferred", "Heard about this week in a previous class"


class NoticeBase(models.Model):
    """What every ledger row carries: the decision, and the email that carries it out."""

    status = models.CharField(
        max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.EMAIL
    )
    email = models.OneToOneField(
        "outbox.OutboxEmail",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(class)s",
        help_text="The outbox row sending this email (its state, attempts and last error).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class ReleaseNotice(NoticeBase):
    """Enrollment E is told (or deliberately not told) that release R happened."""

    enrollment = models.ForeignKey(
        "courses.Enrollment", on_delete=models.CASCADE, related_name="release_notices"
    )
    week_release = models.ForeignKey(
        "courses.WeekRelease", on_delete=models.CASCADE, related_name="notices"
    )
    skip_reason = models.CharField(max_length=20, choices=SkipReason.choices, blank=True)
    digest = models.ForeignKey(
        "courses.DigestNotice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="release_notices",
        help_text="The weekly digest that told the student about this release.",
    )

    class Meta:
        ordering = ["week_release", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "week_release"], name="courses_one_notice_per_release"
            ),
        ]
        indexes = [
            models.Index(fields=["week_release", "status"], name="courses_notice_release_st"),
        ]

    def __str__(self) -> str:
        return f"{self.week_release} -> enrollment {self.enrollment_id}: {self.status}"


class CatchUpNotice(NoticeBase):
    """One welcome email for a student who joined after weeks were released."""

    enrollment = models.OneToOneField(
        "courses.Enrollment", on_delete=models.CASCADE, related_name="catch_up_notice"
    )

    def __str__(self) -> str:
        return f"Catch-up for enrollment {self.enrollment_id}: {self.status}"


class DigestNotice(NoticeBase):
    """One weekly digest per user and week (the Monday it covers up to)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_notices"
    )
    week_start = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week_start"], name="courses_one_digest_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"Digest {self.week_start} for {self.user}: {self.status}"


class ReleaseFanOut(models.Model):
    """Marks a release whose ledger rows were created, so the sweep can find missed ones."""

    week_release = models.OneToOneField(
        "courses.WeekRelease", on_delete=models.CASCADE, related_name="fan_out"
    )
    notices_created = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Fan-out of {self.week_release_id}: {self.notices_created} notices"


class NotificationMode(models.TextChoices):
    EACH_RELEASE = "each", "An email for each new week"
    WEEKLY_DIGEST = "digest", "One weekly digest"
    NONE = "none", "No emails about new weeks"


class NotificationPreference(models.Model):
    """How a student wants to hear about new weeks; no row means ``each``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    mode = models.CharField(
        max_length=10, choices=NotificationMode.choices, default=NotificationMode.EACH_RELEASE
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(mode__in=["each", "digest", "none"]),
                name="courses_notification_mode_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_mode_display()}"


class CohortChangeKind(models.TextChoices):
    RESCHEDULE = "reschedule", "Rescheduled"
    TRANSFER = "transfer", "Student transferred"
    RELEASE_NOW = "release_now", "Week released by staff"


class CohortChangeLog(models.Model):
    """Who moved what: reschedules, transfers and manual releases, for staff to audit."""

    cohort = models.ForeignKey("courses.Cohort", on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=CohortChangeKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    details = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.cohort} ({self.created_at:%Y-%m-%d %H:%M})"
