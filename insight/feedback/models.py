"""A student's rating of a lesson and the moments of its video they found unclear.

Writes go through ``insight.feedback.services``. The database keeps one rating per student
and lesson (``lesson_rating_once``); a second submit replaces the first.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from courses.transcripts import format_timestamp

COMMENT_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 500
SCORE_MIN, SCORE_MAX = 1, 5
#: Longest video we accept a moment in (seconds), as the discussions do.
MOMENT_MAX = 24 * 3600


class LessonRating(models.Model):
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="feedback_ratings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_ratings"
    )
    cohort = models.ForeignKey(
        "courses.Cohort", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lesson", "user"], name="lesson_rating_once"),
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN) & Q(score__lte=SCORE_MAX),
                name="lesson_rating_score_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score}/5"


class UnclearFlag(models.Model):
    """ "This part was unclear" at ``moment`` seconds into the lesson video."""

    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="unclear_flags"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unclear_flags"
    )
    cohort = models.ForeignKey(
        "courses.Cohort", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moment = models.FloatField()
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["moment", "pk"]
        indexes = [models.Index(fields=["lesson", "moment"], name="unclear_flag_lesson_moment")]
        constraints = [
            models.CheckConstraint(
                condition=Q(moment__gte=0) & Q(moment__lte=MOMENT_MAX),
                name="unclear_flag_moment_in_video",
            )
        ]

    def __str__(self) -> str:
        return f"Unclear at {self.moment_label}"

    @property
    def moment_label(self) -> str:
        return format_timestamp(self.moment)
