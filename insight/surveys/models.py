"""Surveys, their questions, who was invited to answer and what they answered.

Writes go through ``insight.surveys.services``. The database keeps the two promises:
one invitation per student and survey (``survey_invitation_once``) and one response per
invitation (the response's one-to-one ``invitation``), so a trigger run twice invites once
and a second submit is refused.
"""

from __future__ import annotations

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from courses.models import WEEKS_PER_COURSE

PROMPT_MAX_LENGTH = 300
TEXT_ANSWER_MAX_LENGTH = 4000
CHOICE_MAX_LENGTH = 200


class TriggerKind(models.TextChoices):
    WEEK_END = "week_end", "End of week N of the course"
    COURSE_END = "course_end", "End of the course"
    WORKSHOP = "workshop", "After a workshop"
    LIVE_SESSION = "live_session", "After a live session"


class QuestionKind(models.TextChoices):
    NPS = "nps", "How likely to recommend (0-10, NPS)"
    SCALE = "scale", "Scale from 1 to 5"
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    TEXT = "text", "Free text"


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
NUMBER_RANGES = {QuestionKind.NPS: (0, 10), QuestionKind.SCALE: (1, 5)}


class Survey(ClusterableModel):
    title = models.CharField(max_length=160, help_text="Students see it in the prompt and email.")
    intro = models.TextField(blank=True, help_text="One or two sentences above the questions.")
    trigger = models.CharField(
        max_length=20, choices=TriggerKind.choices, default=TriggerKind.WEEK_END
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="For week and course-end triggers: leave empty for every course.",
    )
    week_number = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(WEEKS_PER_COURSE)],
        help_text="For 'End of week N': sent when that week ends in each class's time zone.",
    )
    workshop = models.ForeignKey(
        "payments.WorkshopPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="For 'After a workshop': sent to its ticket holders once it has ended.",
    )
    live_session = models.ForeignKey(
        "live_sessions.LiveSession",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="For 'After a live session': sent to its class once it has ended.",
    )
    is_active = models.BooleanField(
        "Send it", default=True, help_text="Untick to stop sending new invitations."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("trigger"),
                FieldRowPanel([FieldPanel("course"), FieldPanel("week_number")]),
                FieldPanel("workshop"),
                FieldPanel("live_session"),
                FieldPanel("is_active"),
            ],
            heading="When it is sent",
        ),
        InlinePanel("questions", heading="Questions", label="Question", min_num=1),
    ]

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(trigger="week_end")
                | Q(week_number__gte=1, week_number__lte=WEEKS_PER_COURSE),
                name="survey_week_trigger_has_week",
            ),
            models.CheckConstraint(
                condition=~Q(trigger="workshop") | Q(workshop__isnull=False),
                name="survey_workshop_trigger_has_workshop",
            ),
            models.CheckConstraint(
                condition=~Q(trigger="live_session") | Q(live_session__isnull=False),
                name="survey_session_trigger_has_session",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.trigger == TriggerKind.WEEK_END and not self.week_number:
            errors["week_number"] = (
                f"Say which week ends the survey waits for (1 to {WEEKS_PER_COURSE})."
            )
        if self.trigger == TriggerKind.WORKSHOP and not self.workshop_id:
            errors["workshop"] = "Choose the workshop this survey follows."
        if self.trigger == TriggerKind.LIVE_SESSION and not self.live_session_id:
            errors["live_session"] = "Choose the live session this survey follows."
        if errors:
            raise ValidationError(errors)

    @property
    def trigger_label(self) -> str:
        if self.trigger == TriggerKind.WEEK_END:
            return f"End of week {self.week_number}"
        if self.trigger == TriggerKind.WORKSHOP:
            return f"After the workshop {self.workshop}"
        if self.trigger == TriggerKind.LIVE_SESSION:
            return f"After the live session {self.live_session}"
        return self.get_trigger_display()


def choice_lines(raw: str) -> list[str]:
    """The choices an editor typed, one a line, blank lines dropped."""
    return [line.strip() for line in (raw or "").splitlines() if line.strip()]


class Question(Orderable):
    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    prompt = models.CharField(max_length=PROMPT_MAX_LENGTH)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField(default=True)
    choices = models.TextField(
        blank=True, help_text="For choice questions: one choice a line, at least two."
    )

    panels = [
        FieldPanel("prompt"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("choices"),
    ]

    def __str__(self) -> str:
        return self.prompt

    def clean(self) -> None:
        super().clean()
        options = choice_lines(self.choices)
        if self.kind in CHOICE_KINDS:
            if len(options) < 2:
                raise ValidationError(
                    {"choices": "A choice question needs at least two choices, one a line."}
                )
            if len({o.casefold() for o in options}) != len(options):
                raise ValidationError({"choices": "Each choice must be different."})
            if any(len(o) > CHOICE_MAX_LENGTH for o in options):
                raise ValidationError(
                    {"choices": f"Keep each choice under {CHOICE_MAX_LENGTH} characters."}
                )
        elif options:
            raise ValidationError(
                {"choices": "Only single and multiple choice questions have choices."}
            )

    @property
    def choice_list(self) -> list[str]:
        return choice_lines(self.choices)

    @property
    def number_range(self) -> tuple[int, int] | None:
        return NUMBER_RANGES.get(self.kind)


class Invitation(models.Model):
    """A student asked to answer ``survey``: written once by the trigger, emailed once."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    cohort = models.ForeignKey(
        "courses.Cohort", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="survey_invitation_once")
        ]
        indexes = [
            models.Index(fields=["user", "answered_at"], name="survey_invitation_pending"),
            models.Index(fields=["emailed_at"], name="survey_invitation_emailed"),
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.survey}"


class Response(models.Model):
    """One student's submitted answers; at most one per invitation."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    cohort = models.ForeignKey(
        "courses.Cohort", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["survey", "cohort"], name="survey_response_cohort")]

    def __str__(self) -> str:
        return f"Response to {self.survey_id} ({self.submitted_at:%Y-%m-%d})"


class Answer(models.Model):
    """One answer to one question: a number (NPS, scale), a choice (one row per chosen
    option of a multiple choice), or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=CHOICE_MAX_LENGTH, blank=True)
    text = models.TextField(blank=True, max_length=TEXT_ANSWER_MAX_LENGTH)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "choice"], name="survey_answer_once"
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=0, number__lte=10),
                name="survey_answer_number_0_to_10",
            ),
        ]
        indexes = [models.Index(fields=["question", "number"], name="survey_answer_number")]

    def __str__(self) -> str:
        return str(self.number if self.number is not None else self.choice or self.text[:40])
