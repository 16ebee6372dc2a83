"""Writes: a student answers a survey, once.

The response is one row per invitation (a one-to-one column), written with its answers and
the invitation's ``answered_at`` in one transaction: a second submit, or a concurrent twin,
hits the unique index and is told the survey is already answered, and nothing is half
written. Invitations are written by ``insight.surveys.triggers``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from insight.surveys.answers import answers_clean
from insight.surveys.models import Answer, Invitation, Question, Response, Survey
from insight.surveys.prompts import pending_surveys_forget

NOT_INVITED = (
    "This survey is for the students it was sent to, and you were not among them. "
    "Your pending surveys are listed under Surveys."
)


class SurveyAlreadyAnswered(Exception):
    """A second submit: the first answers stay as they were."""

    message = "You have already answered this survey: thank you. Answers cannot be changed."

    def __str__(self) -> str:
        return self.message


class SurveyNotInvited(PermissionDenied):
    pass


def survey_invitation_of(*, user, survey: Survey) -> Invitation:
    """The user's invitation to ``survey``, or ``SurveyNotInvited``."""
    if not getattr(user, "is_authenticated", False):
        raise SurveyNotInvited(NOT_INVITED)
    invitation = Invitation.objects.filter(survey=survey, user=user).first()
    if invitation is None:
        raise SurveyNotInvited(NOT_INVITED)
    return invitation


def survey_answer(
    *, user, survey: Survey, answers: Mapping, now: datetime | None = None
) -> Response:
    """Store ``user``'s answers to ``survey``. Raises ``SurveyNotInvited``,
    ``SurveyAlreadyAnswered`` or ``ValidationError`` (one message per question, keyed
    ``question_<id>``); in each case nothing is written."""
    now = now or timezone.now()
    invitation = survey_invitation_of(user=user, survey=survey)
    if invitation.answered_at is not None:
        raise SurveyAlreadyAnswered
    rows, errors = answers_clean(questions=Question.objects.filter(survey=survey), answers=answers)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                invitation=invitation, survey=survey, cohort_id=invitation.cohort_id,
                submitted_at=now,
            )  # fmt: skip
            Answer.objects.bulk_create(
                Answer(
                    response=response,
                    question_id=row.question_id,
                    number=row.number,
                    choice=row.choice,
                    text=row.text,
                )
                for row in rows
            )
            Invitation.objects.filter(pk=invitation.pk).update(answered_at=now)
    except IntegrityError:
        if Response.objects.filter(invitation=invitation).exists():
            raise SurveyAlreadyAnswered from None  # a twin submit won the race
        raise
    transaction.on_commit(lambda: pending_surveys_forget(user_ids=[user.pk]))
    return response
