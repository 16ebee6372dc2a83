"""The student's pages: surveys waiting for me, and one survey's form (answered once)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from insight.surveys.answers import question_key
from insight.surveys.models import QuestionKind, Survey
from insight.surveys.prompts import pending_surveys
from insight.surveys.services import (
    SurveyAlreadyAnswered,
    SurveyNotInvited,
    survey_answer,
    survey_invitation_of,
)


@login_required
def mine(request):
    return TemplateResponse(
        request, "surveys/mine.html", {"pending": pending_surveys(user=request.user)}
    )


def _posted_answers(request, survey: Survey) -> dict:
    answers = {}
    for question in survey.questions.all():
        name = question_key(question.pk)
        if question.kind == QuestionKind.MULTIPLE:
            answers[str(question.pk)] = request.POST.getlist(name)
        else:
            answers[str(question.pk)] = request.POST.get(name)
    return answers


def _form_rows(survey: Survey, posted: dict, errors: dict) -> list[dict]:
    rows = []
    for question in survey.questions.all():
        low_high = question.number_range
        value = posted.get(str(question.pk))
        rows.append(
            {
                "question": question,
                "name": question_key(question.pk),
                "numbers": list(range(low_high[0], low_high[1] + 1)) if low_high else [],
                "value": value,
                "selected": value if isinstance(value, list) else [value],
                "error": errors.get(question_key(question.pk), ""),
            }
        )
    return rows


@login_required
def answer(request, survey_id: int):
    survey = get_object_or_404(Survey.objects.prefetch_related("questions"), pk=survey_id)
    try:
        invitation = survey_invitation_of(user=request.user, survey=survey)
    except SurveyNotInvited as error:
        return TemplateResponse(
            request, "surveys/refused.html", {"survey": survey, "message": str(error)}, status=403
        )
    posted: dict = {}
    errors: dict = {}
    if request.method == "POST":
        posted = _posted_answers(request, survey)
        try:
            survey_answer(user=request.user, survey=survey, answers=posted)
        except SurveyAlreadyAnswered as error:
            messages.info(request, str(error))
            return redirect("surveys:answer", survey_id=survey.pk)
        except ValidationError as error:
            errors = {key: " ".join(msgs) for key, msgs in error.message_dict.items()}
            messages.error(
                request,
                f"Please check {len(errors)} answer{'s' if len(errors) != 1 else ''} below: "
                "nothing was saved yet.",
            )
        else:
            messages.success(request, "Thank you: your answers are saved.")
            return redirect("surveys:answer", survey_id=survey.pk)
    return TemplateResponse(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "invitation": invitation,
            "answered": invitation.answered_at is not None,
            "rows": _form_rows(survey, posted, errors),
        },
        status=400 if errors else 200,
    )
