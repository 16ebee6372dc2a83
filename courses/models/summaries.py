"""Counters the analytics dashboard reads instead of every enrollment and progress row.

Both are derived data, written by ``courses.progress_counts`` in the transaction that changes
what they count, and rebuilt from the rows by ``manage.py progress_counts_rebuild``
(docs/architecture.md, "Progress summaries").
"""

from django.db import models


class PlaceCount(models.Model):
    """How many places (enrollments) share one description: class, day made (in the
    school's time zone), tier, source, status and progress summary. The dashboard's
    enrollment tables and funnel add these up instead of reading every enrollment."""

    cohort = models.ForeignKey("courses.Cohort", on_delete=models.CASCADE, related_name="+")
    enrolled_on = models.DateField()
    tier = models.CharField(max_length=20)
    source = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    lessons_done = models.PositiveIntegerField()
    weeks_started = models.PositiveIntegerField()
    places = models.IntegerField(default=0)

    class Meta:
        ordering = ["cohort", "enrolled_on"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "cohort",
                    "enrolled_on",
                    "tier",
                    "source",
                    "status",
                    "lessons_done",
                    "weeks_started",
                ],
                name="courses_place_count_once",
            )
        ]
        indexes = [models.Index(fields=["enrolled_on"], name="courses_place_count_day")]

    def __str__(self) -> str:
        return f"Class {self.cohort_id}, {self.enrolled_on}, {self.status}: {self.places}"


class LessonDoneCount(models.Model):
    """How many places of ``cohort`` made on ``enrolled_on`` (UTC) have ``lesson`` done, not
    counting places moved to another class. Kept by ``courses.progress_counts`` with every
    progress write, so the analytics lesson table reads a few thousand counters instead of
    every progress row; ``manage.py progress_counts_rebuild`` recomputes them."""

    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey("courses.Cohort", on_delete=models.CASCADE, related_name="+")
    enrolled_on = models.DateField()
    done = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["lesson", "cohort", "enrolled_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "cohort", "enrolled_on"], name="courses_lesson_done_count_once"
            )
        ]
        indexes = [
            models.Index(fields=["enrolled_on", "lesson"], name="courses_done_count_day"),
        ]

    def __str__(self) -> str:
        return f"Lesson {self.lesson_id}, class {self.cohort_id}, {self.enrolled_on}: {self.done}"
