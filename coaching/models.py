"""The Product Kata journal: one entry per student, course and week, revised in iterations.

An entry belongs to the student and the course, not to a class: a student moved to another
class (``courses.services.enrollment_transfer``) keeps every entry and its feedback. Each
submission is a ``JournalIteration`` (numbered from 1, unique per entry), so a resubmission
adds a row and never rewrites what a coach already answered. The draft is the entry's
unsubmitted iteration (at most one, a database constraint).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from courses.models import WEEKS_PER_COURSE
from courses.models.cohorts import week_number_validators

KATA_FIELDS = (
    ("challenge", "Challenge"),
    ("target_condition", "Target condition"),
    ("current_condition", "Current condition"),
    ("obstacle", "Obstacle"),
    ("next_step", "Next step"),
    ("expected", "What do you expect?"),
    ("learned", "What did you learn?"),
)
KATA_FIELD_MAX_LENGTH = 4000


class EntryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for feedback"
    ACCEPTED = "accepted", "Accepted"
    REVISE = "revise", "Try another iteration"


class Verdict(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    REVISE = "revise", "Try another iteration"


class JournalEntry(models.Model):
    """A student's Kata entry for one week of a course."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="journal_entries"
    )
    week_number = models.PositiveSmallIntegerField(validators=week_number_validators())
    cohort = models.ForeignKey(
        "courses.Cohort",
        on_delete=models.PROTECT,
        related_name="journal_entries",
        help_text="The class the student was in when they last saved or submitted.",
    )
    status = models.CharField(max_length=12, choices=EntryStatus.choices, default=EntryStatus.DRAFT)
    due_at = models.DateTimeField(help_text="The week's due date when last submitted.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["course", "week_number", "pk"]
        verbose_name_plural = "journal entries"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "week_number"], name="coaching_one_entry_per_week"
            ),
            models.CheckConstraint(
                condition=Q(week_number__gte=1, week_number__lte=WEEKS_PER_COURSE),
                name="coaching_entry_week_in_course",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status"], name="coaching_entry_cohort_status")]
        permissions = [
            ("coach_classes", "Can open the coach workspace of the classes they coach"),
            ("give_feedback", "Can give feedback on journal entries of classes they coach"),
        ]

    def __str__(self) -> str:
        return f"Week {self.week_number} journal of {self.user}"

    def submissions(self) -> list["JournalIteration"]:
        """Submitted iterations, oldest first (from the prefetched ``iterations``)."""
        return sorted((i for i in self.iterations.all() if not i.is_draft), key=lambda i: i.number)

    @property
    def latest_submission(self) -> "JournalIteration | None":
        submitted = self.submissions()
        return submitted[-1] if submitted else None


class JournalIteration(models.Model):
    """One version of an entry: the draft (``submitted_at`` empty) or a submission."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="iterations")
    number = models.PositiveSmallIntegerField()
    challenge = models.TextField(blank=True, max_length=KATA_FIELD_MAX_LENGTH)
    target_condition = models.TextField(blank=True, max_length=KATA_FIELD_MAX_LENGTH)
    current_condition = models.TextField(blank=True, max_length=KATA_FIELD_MAX_LENGTH)
    obstacle = models.TextField(blank=True, max_length=KATA_FIELD_MAX_LENGTH)
    next_step = models.TextField(blank=True, max_length=KATA_FIELD_MAX_LENGTH)
    expected = models.TextField(blank=True, max_length=KATA_FIELD_MAX_LENGTH)
    learned = models.TextField(blank=True, max_length=KATA_FIELD_MAX_LENGTH)
    submitted_at = models.DateTimeField(null=True, blank=True)
    late = models.BooleanField(default=False, help_text="Submitted after the week's due date.")
    feedback = models.TextField(blank=True, max_length=KATA_FIELD_MAX_LENGTH)
    verdict = models.CharField(max_length=10, choices=Verdict.choices, blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="journal_feedback_given",
    )
    feedback_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["entry", "number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="coaching_iteration_number"),
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(submitted_at__isnull=True),
                name="coaching_one_draft_per_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"Iteration {self.number} of {self.entry}"

    @property
    def is_draft(self) -> bool:
        return self.submitted_at is None

    def kata(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, name)) for name, label in KATA_FIELDS]


class JournalDueOverride(models.Model):
    """Staff moved the journal due date of one week of one class."""

    cohort = models.ForeignKey(
        "courses.Cohort", on_delete=models.CASCADE, related_name="journal_due_overrides"
    )
    week_number = models.PositiveSmallIntegerField(validators=week_number_validators())
    due_at = models.DateTimeField(help_text="When this week's journal entry is due instead.")

    class Meta:
        ordering = ["cohort", "week_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "week_number"], name="coaching_one_due_override_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"Journal of week {self.week_number} of {self.cohort} due {self.due_at:%Y-%m-%d}"
