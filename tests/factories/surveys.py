"""Surveys with questions, and invitations, for the surveys tests (insight.surveys).

``pulse_survey()`` is the four-question pulse of the assignment: an NPS question, a 1-5
scale, a single choice and an optional free text; ``invite()`` writes an invitation as the
trigger would.
"""

from __future__ import annotations

from insight.surveys.models import Invitation, Question, QuestionKind, Survey, TriggerKind

PACE_CHOICES = ["Too slow", "About right", "Too fast"]


def pulse_survey(*, week_number: int = 1, course=None, **kwargs) -> Survey:
    survey = Survey.objects.create(
        title=kwargs.pop("title", f"Week {week_number} pulse"),
        intro="Four quick questions about the week.",
        trigger=kwargs.pop("trigger", TriggerKind.WEEK_END),
        week_number=week_number,
        course=course,
        **kwargs,
    )
    for order, (prompt, kind, required, choices) in enumerate(
        [
            ("How likely are you to recommend the course to a colleague?", QuestionKind.NPS,
             True, ""),
            ("How useful was this week?", QuestionKind.SCALE, True, ""),
            ("How was the pace?", QuestionKind.SINGLE, True, "\n".join(PACE_CHOICES)),
            ("What would you change?", QuestionKind.TEXT, False, ""),
        ]
    ):  # fmt: skip
        Question.objects.create(
            survey=survey, sort_order=order, prompt=prompt, kind=kind, required=required,
            choices=choices,
        )  # fmt: skip
    return survey


def questions_of(survey: Survey) -> dict[str, Question]:
    """The survey's questions by kind (the first of each kind)."""
    found: dict[str, Question] = {}
    for question in survey.questions.all():
        found.setdefault(question.kind, question)
    return found


def invite(*, survey: Survey, user, cohort=None) -> Invitation:
    return Invitation.objects.create(survey=survey, user=user, cohort=cohort)


def full_answers(survey: Survey, *, nps: int = 9, scale: int = 4, pace: str = "About right",
                 text: str = "More examples from B2B products.") -> dict:  # fmt: skip
    q = questions_of(survey)
    return {
        str(q[QuestionKind.NPS].pk): nps,
        str(q[QuestionKind.SCALE].pk): scale,
        str(q[QuestionKind.SINGLE].pk): pace,
        str(q[QuestionKind.TEXT].pk): text,
    }
