"""The classes that take the course: cohorts, enrollments and the weekly release schedule.

A cohort's week N is *due* on a date computed by ``courses.schedule`` (or overridden per week
by staff); it is *released* when a ``WeekRelease`` row exists. Only the row opens lessons to
students, so the release job (or staff pressing "release now") is the one place that decides.
Exactly-once is a database fact: one release per ``(cohort, week_number)``, one active
enrollment per ``(user, cohort)``, so a retried job or a second click changes nothing.
"""

import zoneinfo
from datetime import datetime
from functools import cache

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from .pages import WEEKS_PER_COURSE

DEFAULT_COHORT_TIMEZONE = "America/New_York"
DEFAULT_RELEASE_HOUR = 9


@cache
def _known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    """Accept names of the IANA zone database ("Europe/Berlin"), which knows the DST rules.

    The one time-zone validator of the project (classes, workshops, and whatever else is
    dated in a place's own zone). Checked against the system's tz database rather than
    stored as choices, so migrations do not depend on its version.
    """
    if value not in _known_timezones():
        raise ValidationError(
            "%(value)r is not an IANA time zone name. Use a name like 'Europe/Berlin' or "
            "'America/New_York'.",
            params={"value": value},
            code="invalid_timezone",
        )


def week_number_validators() -> list:
    return [MinValueValidator(1), MaxValueValidator(WEEKS_PER_COURSE)]


class Cohort(ClusterableModel):
    """One class of students taking the course together, starting on one date."""

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(max_length=120, help_text="For example: 'May 2026 class'")
    slug = models.SlugField(max_length=120, unique=True)
    start_date = models.DateField(help_text="Week 1 opens on this date.")
    timezone = models.CharField(
        max_length=64,
        default=DEFAULT_COHORT_TIMEZONE,
        validators=[validate_timezone],
        help_text="IANA time zone the release hour is read in, e.g. 'Europe/Berlin'.",
    )
    release_hour = models.PositiveSmallIntegerField(
        default=DEFAULT_RELEASE_HOUR,
        validators=[MaxValueValidator(23)],
        help_text="Local hour (0-23) at which each week opens.",
    )
    capacity = models.PositiveIntegerField(default=40, validators=[MinValueValidator(1)])
    enrollment_opens_at = models.DateTimeField(null=True, blank=True)
    enrollment_closes_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("course"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("release_hour")]),
                FieldPanel("timezone"),
            ],
            heading="Schedule",
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("enrollment_opens_at"), FieldPanel("enrollment_closes_at")]
                ),
            ],
            heading="Enrollment",
        ),
        InlinePanel(
            "coaches",
            heading="Coaches",
            label="Coach",
            help_text="Who teaches this class: a lead and any assistants.",
        ),
        InlinePanel(
            "schedule_overrides",
            heading="Week date overrides",
            label="Override",
            help_text="Open a week at another time than the regular weekly schedule.",
        ),
    ]

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(enrollment_closes_at__isnull=True)
                | Q(enrollment_opens_at__isnull=True)
                | Q(enrollment_closes_at__gt=models.F("enrollment_opens_at")),
                name="courses_cohort_enrollment_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=Q(release_hour__lte=23), name="courses_cohort_release_hour_0_23"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.enrollment_opens_at
            and self.enrollment_closes_at
            and self.enrollment_closes_at <= self.enrollment_opens_at
        ):
            raise ValidationError({"enrollment_closes_at": "Enrollment must close after it opens."})

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def is_open_for_enrollment(self, now: datetime) -> bool:
        if self.enrollment_opens_at and now < self.enrollment_opens_at:
            return False
        return not (self.enrollment_closes_at and now >= self.enrollment_closes_at)


class EnrollmentTier(models.TextChoices):
    STANDARD = "standard", "Standard"
    EXECUTIVE = "executive", "Executive"


class EnrollmentSource(models.TextChoices):
    ORDER = "order", "Order"
    TEAM_SEAT = "team_seat", "Team seat"
    STAFF = "staff", "Added by staff"


class EnrollmentStatus(models.TextChoices):
    """``refunded`` is written only by the refund service (money went back through Stripe);
    staff who end a place in the admin move no money, so theirs is ``ended_by_staff``."""

    ACTIVE = "active", "Active"
    REFUNDED = "refunded", "Refunded"
    TRANSFERRED = "transferred", "Transferred"
    ENDED_BY_STAFF = "ended_by_staff", "Access ended by staff"


class Enrollment(models.Model):
    """A student's place in a cohort. Only an ``active`` enrollment opens lessons."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrollments")
    tier = models.CharField(
        max_length=20, choices=EnrollmentTier.choices, default=EnrollmentTier.STANDARD
    )
    source = models.CharField(max_length=20, choices=EnrollmentSource.choices)
    status = models.CharField(
        max_length=20, choices=EnrollmentStatus.choices, default=EnrollmentStatus.ACTIVE
    )
    transferred_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transferred_from",
        help_text="The enrollment in the cohort this student moved to.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # A summary of this place's progress rows, kept by ``courses.progress_counts`` in the
    # transaction that writes them, so the analytics funnel sums columns instead of reading
    # every progress row (``manage.py progress_counts_rebuild`` recomputes it).
    lessons_done = models.PositiveIntegerField(
        default=0, db_default=0, editable=False, help_text="Live lessons marked done in this place."
    )
    weeks_started = models.PositiveIntegerField(
        default=0,
        db_default=0,
        editable=False,
        help_text="Bit n set: at least one lesson of week n marked done in this place.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One active place per person and class; refunded or transferred rows stay as
            # history, so a student may come back later.
            models.UniqueConstraint(
                fields=["user", "cohort"],
                condition=Q(status="active"),
                name="courses_one_active_enrollment_per_user_cohort",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status"], name="courses_enr_cohort_status")]

    def __str__(self) -> str:
        return f"{self.user} in {self.cohort}"

    def save(self, *args, **kwargs) -> None:
        """Save, and move the place between the analytics' ``PlaceCount`` keys in the same
        transaction (``courses.progress_counts``): every write of a place, a factory's
        included, keeps the counts true. The keys are read back from the row, so a save of
        some fields by an object holding stale others still counts what is stored."""
        from courses.progress_counts import place_counts_move, place_key_read

        with transaction.atomic(using=kwargs.get("using")):
            adding = self._state.adding or self.pk is None
            before = None if adding else place_key_read(enrollment_id=self.pk)
            super().save(*args, **kwargs)
            place_counts_move(before=before, after=place_key_read(enrollment_id=self.pk))

    @property
    def is_active(self) -> bool:
        return self.status == EnrollmentStatus.ACTIVE


class ReleaseSource(models.TextChoices):
    SCHEDULE = "schedule", "On schedule"
    STAFF = "staff", "Released by staff"


class WeekRelease(models.Model):
    """The fact that week N is open for a cohort. Its existence is what grants access."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="releases")
    week_number = models.PositiveSmallIntegerField(validators=week_number_validators())
    released_at = models.DateTimeField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(max_length=20, choices=ReleaseSource.choices)

    class Meta:
        ordering = ["cohort", "week_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "week_number"], name="courses_one_release_per_cohort_week"
            ),
            models.CheckConstraint(
                condition=Q(week_number__gte=1, week_number__lte=WEEKS_PER_COURSE),
                name="courses_release_week_in_course",
            ),
        ]

    def __str__(self) -> str:
        return f"Week {self.week_number} of {self.cohort}"


class WeekScheduleOverride(models.Model):
    """Staff moved one week of one cohort away from the regular weekly date."""

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="schedule_overrides")
    week_number = models.PositiveSmallIntegerField(validators=week_number_validators())
    due_at = models.DateTimeField(help_text="When this week opens for the cohort instead.")
    note = models.CharField(max_length=200, blank=True, help_text="Why, for other staff.")

    panels = [FieldRowPanel([FieldPanel("week_number"), FieldPanel("due_at")]), FieldPanel("note")]

    class Meta:
        ordering = ["cohort", "week_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "week_number"], name="courses_one_override_per_cohort_week"
            ),
            models.CheckConstraint(
                condition=Q(week_number__gte=1, week_number__lte=WEEKS_PER_COURSE),
                name="courses_override_week_in_course",
            ),
        ]

    def __str__(self) -> str:
        return f"Week {self.week_number} of {self.cohort} due {self.due_at:%Y-%m-%d %H:%M}"


class CoachRole(models.TextChoices):
    LEAD = "lead", "Lead coach"
    ASSISTANT = "assistant", "Assistant coach"


class CohortCoach(Orderable):
    """A coach assigned to a class: they teach it, answer its discussions and give feedback.

    The coach is the ``cms.Coach`` profile readers see; what they may do in the class is read
    through the profile's ``user`` (``courses.selectors.coaching``).
    """

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="coaches")
    coach = models.ForeignKey("cms.Coach", on_delete=models.PROTECT, related_name="cohort_roles")
    role = models.CharField(max_length=20, choices=CoachRole.choices, default=CoachRole.LEAD)

    panels = [FieldRowPanel([FieldPanel("coach"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["cohort", "coach"], name="courses_coach_once_per_class")
        ]

    def __str__(self) -> str:
        return f"{self.coach} ({self.get_role_display()}, {self.cohort})"
