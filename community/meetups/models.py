"""Chapters, meetups, RSVPs and member profiles.

A meetup's places are the capacity engine's (``community.meetups.capacity.MeetupPlaces``):
a ``going`` RSVP takes one for good; the waitlist is the engine's generic one. One RSVP row
per (meetup, person): cancelling and coming back reuse it, so the attendee list never shows
anyone twice.
"""

from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


def _validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone (e.g. America/New_York).")


class Chapter(models.Model):
    city = models.CharField(max_length=80, unique=True, help_text="e.g. New York")
    slug = models.SlugField(unique=True)
    time_zone = models.CharField(
        max_length=64, validators=[_validate_time_zone], help_text="IANA name, America/New_York"
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organised_chapters",
        help_text="Staff or graduates who see the attendee list and check people in.",
    )

    class Meta:
        ordering = ["city"]

    def __str__(self) -> str:
        return self.city

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


class Meetup(models.Model):
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="meetups")
    title = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField(help_text="Entered and shown in the chapter's time zone.")
    ends_at = models.DateTimeField()
    venue = models.TextField(help_text="Shown only to people who RSVP'd.")
    capacity = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meetup_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="meetup_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.chapter.city})"

    @property
    def local_starts_at(self):
        return self.starts_at.astimezone(self.chapter.tz)

    @property
    def local_ends_at(self):
        return self.ends_at.astimezone(self.chapter.tz)


class RsvpStatus(models.TextChoices):
    GOING = "going", "Going"
    CANCELLED = "cancelled", "Cancelled"


class Rsvp(models.Model):
    meetup = models.ForeignKey(Meetup, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetup_rsvps"
    )
    status = models.CharField(max_length=20, choices=RsvpStatus.choices, default=RsvpStatus.GOING)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "RSVP"
        constraints = [
            models.UniqueConstraint(fields=["meetup", "user"], name="meetup_one_rsvp_per_person")
        ]
        indexes = [models.Index(fields=["meetup", "status"], name="meetup_rsvp_status")]

    def __str__(self) -> str:
        return f"{self.user} → {self.meetup} ({self.status})"


class MemberProfile(models.Model):
    """What classmates see besides the name (``User.first_name``/``last_name``), the role
    (``User.job_title``) and the company (``User.company``), which stay on the user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_profile"
    )
    city = models.CharField(max_length=80, blank=True)
    linkedin_url = models.URLField("LinkedIn URL", blank=True)
    slack_handle = models.CharField(max_length=80, blank=True)
    meetup_emails = models.BooleanField(
        "Tell me about meetups in my city", default=False, help_text="Opt-in."
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"
