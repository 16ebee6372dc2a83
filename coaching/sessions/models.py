"""Live sessions of a class and the RSVPs to them.

Times are stored in UTC and entered and shown in the class's time zone (``Cohort.timezone``).
A session's places, when it has a capacity, are the capacity engine's
(``coaching.sessions.capacity.LiveSessionPlaces``): a ``going`` RSVP takes one for good; the
waitlist is the engine's generic one. Without a capacity an RSVP is simply recorded. The
join link and the recording are handed out only by ``coaching.sessions.policy``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from wagtail.documents import get_document_model_string


class SessionKind(models.TextChoices):
    QA = "qa", "Weekly Q&A"
    OFFICE_HOURS = "office_hours", "Office hours"


class LiveSession(models.Model):
    cohort = models.ForeignKey(
        "courses.Cohort",
        verbose_name="class",
        on_delete=models.CASCADE,
        related_name="live_sessions",
    )
    kind = models.CharField(max_length=20, choices=SessionKind.choices, default=SessionKind.QA)
    title = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField(help_text="Entered and shown in the class's time zone.")
    ends_at = models.DateTimeField()
    join_url = models.URLField(
        "Join link", max_length=500, help_text="Shown to the class from 15 minutes before."
    )
    rsvp_required = models.BooleanField(
        "RSVP needed",
        default=False,
        help_text="Students say they are coming; the reminder goes to them only.",
    )
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Most RSVPs taken; empty for no limit."
    )
    recording_document = models.ForeignKey(
        get_document_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A file in a private collection; handed out to the class only.",
    )
    recording_url = models.URLField(
        "Recording link",
        max_length=500,
        blank=True,
        help_text="Or a link to the recording elsewhere.",
    )
    series_key = models.UUIDField(
        null=True, blank=True, editable=False, help_text="Sessions created as one weekly series."
    )
    reminders_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="live_session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="live_session_capacity_positive",
            ),
            models.UniqueConstraint(
                fields=["cohort", "starts_at"], name="live_session_one_per_class_and_start"
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="live_session_starts_at")]

    def __str__(self) -> str:
        return f"{self.title} ({self.local_starts_at:%d %b %Y %H:%M})"

    @property
    def local_starts_at(self):
        return self.starts_at.astimezone(self.cohort.tz)

    @property
    def local_ends_at(self):
        return self.ends_at.astimezone(self.cohort.tz)

    @property
    def when(self) -> str:
        """The start and end on the class's clock, e.g. "Thu 17 Oct 2030, 18:00 to 19:00"."""
        start, end = self.local_starts_at, self.local_ends_at
        return f"{start:%a %d %b %Y, %H:%M} to {end:%H:%M} ({self.cohort.timezone})"

    @property
    def has_recording(self) -> bool:
        return bool(self.recording_document_id or self.recording_url)


class RsvpStatus(models.TextChoices):
    GOING = "going", "Going"
    CANCELLED = "cancelled", "Cancelled"


class SessionRsvp(models.Model):
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_session_rsvps"
    )
    status = models.CharField(max_length=20, choices=RsvpStatus.choices, default=RsvpStatus.GOING)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "live session RSVP"
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="live_session_one_rsvp")
        ]
        indexes = [models.Index(fields=["session", "status"], name="live_session_rsvp_status")]

    def __str__(self) -> str:
        return f"{self.user} → {self.session} ({self.status})"
