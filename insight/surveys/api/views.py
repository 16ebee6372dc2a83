"""A student's surveys in the API (thin: the services and selectors the pages use).

* ``GET /api/v1/surveys/mine/``: the surveys waiting for my answers, with their questions.
* ``POST /api/v1/surveys/<id>/answers/``: answer one, once. 201 with what was stored; 400
  names each question to fix (``errors`` keyed ``question_<id>``); 409 ``already_answered``
  for a second submit, which changes nothing; 401 signed out; 403 ``not_invited`` for a
  survey that was not sent to me (404 for a survey that does not exist).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404

from cms.api_errors import ApiErrorSerializer
from insight.surveys.models import Invitation, QuestionKind, Survey
from insight.surveys.services import survey_answer

TAGS = ["surveys"]


def _private(response: Response) -> Response:
    response["Cache-Control"] = "private, no-store"
    return response


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    prompt = serializers.CharField()
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    required = serializers.BooleanField()
    choices = serializers.ListField(
        child=serializers.CharField(), source="choice_list", help_text="Choice kinds only."
    )
    min = serializers.SerializerMethodField(help_text="NPS: 0, scale: 1; null otherwise.")
    max = serializers.SerializerMethodField(help_text="NPS: 10, scale: 5; null otherwise.")

    def get_min(self, question) -> int | None:
        return question.number_range[0] if question.number_range else None

    def get_max(self, question) -> int | None:
        return question.number_range[1] if question.number_range else None


class PendingSurveySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    intro = serializers.CharField()
    occasion = serializers.CharField(source="trigger_label")
    invited_at = serializers.DateTimeField()
    questions = QuestionSerializer(many=True)


class AnswerInSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1)
    number = serializers.IntegerField(
        required=False, allow_null=True, help_text="NPS (0-10) and scale (1-5) questions."
    )
    choices = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        max_length=50,
        help_text="Choice questions: one option for single choice, any for multiple.",
    )
    text = serializers.CharField(
        required=False, allow_blank=True, max_length=4000, help_text="Free-text questions."
    )


class SubmitSerializer(serializers.Serializer):
    answers = AnswerInSerializer(many=True, max_length=100)

    def validate_answers(self, answers):
        ids = [answer["question"] for answer in answers]
        if len(set(ids)) != len(ids):
            raise serializers.ValidationError("Give each question at most one answer.")
        return answers


class SubmittedSerializer(serializers.Serializer):
    survey_id = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    answers = serializers.IntegerField(help_text="How many questions were answered.")


def _value(answer: dict):
    if answer.get("number") is not None:
        return answer["number"]
    if "choices" in answer:
        return answer["choices"]
    return answer.get("text")


class MySurveysView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_surveys_pending",
        summary="Surveys waiting for my answers",
        responses={200: PendingSurveySerializer(many=True), 401: ApiErrorSerializer},
        tags=TAGS,
    )
    def get(self, request):
        invitations = (
            Invitation.objects.filter(user=request.user, answered_at__isnull=True)
            .select_related("survey__workshop", "survey__live_session")
            .prefetch_related("survey__questions")
            .order_by("-created_at", "-pk")
        )
        surveys = []
        for invitation in invitations:
            invitation.survey.invited_at = invitation.created_at
            surveys.append(invitation.survey)
        return _private(Response(PendingSurveySerializer(surveys, many=True).data))


class SurveyAnswersView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="survey_answer",
        summary="Answer a survey (once)",
        description="Give each question's answer as `number` (NPS, scale), `choices` or `text`. "
        "Required questions must be answered. A second submit is refused with 409 "
        "`already_answered` and changes nothing.",
        request=SubmitSerializer,
        responses={
            201: SubmittedSerializer,
            400: OpenApiResponse(ApiErrorSerializer, description="Answers to fix, per question"),
            401: ApiErrorSerializer,
            403: OpenApiResponse(ApiErrorSerializer, description="Not sent to you"),
            404: ApiErrorSerializer,
            409: OpenApiResponse(ApiErrorSerializer, description="Already answered"),
        },
        tags=TAGS,
    )
    def post(self, request, survey_id: int):
        survey = get_object_or_404(Survey.objects.prefetch_related("questions"), pk=survey_id)
        body = SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answers = {str(a["question"]): _value(a) for a in body.validated_data["answers"]}
        prompts = {f"question_{q.pk}": q.prompt for q in survey.questions.all()}
        try:
            response = survey_answer(user=request.user, survey=survey, answers=answers)
        except DjangoValidationError as error:
            raise exceptions.ValidationError(
                {
                    key: [f"{prompts[key]!r}: {m}" if key in prompts else m for m in messages]
                    for key, messages in error.message_dict.items()
                }
            ) from None
        data = {
            "survey_id": survey.pk,
            "submitted_at": response.submitted_at,
            "answers": len({a.question_id for a in response.answers.all()}),
        }
        return _private(Response(SubmittedSerializer(data).data, status=status.HTTP_201_CREATED))
