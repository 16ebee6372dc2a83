"""Lesson feedback for apps (thin: the services and selectors the lesson panel uses decide).

A student, for a lesson their class has open (else 403 ``lesson_closed`` with the access
policy's reason, reading included; 404 for no such published lesson):

* ``GET`` / ``PUT /api/v1/lessons/<id>/rating/``: my rating; rate 1-5 with an optional
  comment (a second PUT replaces the first).
* ``GET`` / ``POST /api/v1/lessons/<id>/unclear-flags/``: my flags on the lesson; flag a
  moment of its video as unclear, with an optional note (``RATE_LIMITS["unclear_flag"]``:
  429 ``rate_limited`` with ``retry_after``).

Editors and staff (``user_can_review_feedback``):

* ``GET /api/v1/lessons/<id>/unclear-flags/queue/``: the rating summary and the open flags
  grouped by moment (``?include_handled=true`` for all).
* ``POST /api/v1/lessons/<id>/unclear-flags/handled/``: mark flags handled.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from cms.api_errors import ApiErrorSerializer
from courses.models import LessonPage
from insight.feedback.selectors import (
    lesson_flag_groups,
    lesson_open_flag_count,
    lesson_rating_of,
    lesson_rating_summary,
    unclear_flags_of,
)
from insight.feedback.services import (
    feedback_access,
    lesson_rate,
    unclear_flag_create,
    unclear_flags_handle,
    user_can_review_feedback,
)

from .serializers import (
    FlagInputSerializer,
    FlagQueueSerializer,
    FlagSerializer,
    HandledSerializer,
    HandleInputSerializer,
    MyRatingSerializer,
    QueueQuerySerializer,
    RatingInputSerializer,
)

TAGS = ["lesson feedback"]
CLOSED = OpenApiResponse(
    ApiErrorSerializer,
    description="`lesson_closed`: the lesson is not open to me (`access.reason` says why)",
)
NO_LESSON = OpenApiResponse(ApiErrorSerializer, description="No such published lesson")


def _private(response: Response) -> Response:
    response["Cache-Control"] = "private, no-store"
    return response


def _published_lesson(lesson_id: int) -> LessonPage:
    return get_object_or_404(LessonPage.objects.live(), pk=lesson_id)


def _as_api_error(error: ValidationError) -> serializers.ValidationError:
    """A service's refusal of a field as the API's 400 naming that field."""
    return serializers.ValidationError(getattr(error, "message_dict", None) or error.messages)


def _rating_data(lesson: LessonPage, rating) -> dict:
    return {
        "lesson_id": lesson.pk,
        "rated": rating is not None,
        "score": rating.score if rating else None,
        "comment": rating.comment if rating else "",
        "updated_at": rating.updated_at if rating else None,
    }


class MyLessonRatingView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="lesson_rating_mine",
        summary="My rating of a lesson",
        description="`rated` is false until I rate it. Only while my class has the lesson open.",
        responses={200: MyRatingSerializer, 403: CLOSED, 404: NO_LESSON},
        tags=TAGS,
    )
    def get(self, request, lesson_id: int):
        lesson = _published_lesson(lesson_id)
        feedback_access(user=request.user, lesson=lesson)
        rating = lesson_rating_of(user=request.user, lesson=lesson)
        return _private(Response(MyRatingSerializer(_rating_data(lesson, rating)).data))

    @extend_schema(
        operation_id="lesson_rating_set",
        summary="Rate a lesson (1-5, optional comment); rating again replaces it",
        description="One rating per student and lesson, whatever the number of submits. Only "
        "a student whose class has the lesson's week open may rate it.",
        request=RatingInputSerializer,
        responses={200: MyRatingSerializer, 403: CLOSED, 404: NO_LESSON},
        tags=TAGS,
    )
    def put(self, request, lesson_id: int):
        lesson = _published_lesson(lesson_id)
        data = RatingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            rating = lesson_rate(user=request.user, lesson=lesson, **data.validated_data)
        except ValidationError as error:
            raise _as_api_error(error) from error
        return _private(Response(MyRatingSerializer(_rating_data(lesson, rating)).data))


class MyUnclearFlagsView(APIView):
    permission_classes = [IsAuthenticated]
    rate_limited = True  # documents the 429 (cms/openapi.py)

    @extend_schema(
        operation_id="lesson_unclear_flags_mine",
        summary="The moments of a lesson I flagged as unclear",
        responses={200: FlagSerializer(many=True), 403: CLOSED, 404: NO_LESSON},
        tags=TAGS,
    )
    def get(self, request, lesson_id: int):
        lesson = _published_lesson(lesson_id)
        feedback_access(user=request.user, lesson=lesson)
        flags = unclear_flags_of(user=request.user, lesson=lesson)
        return _private(Response(FlagSerializer(flags, many=True).data))

    @extend_schema(
        operation_id="lesson_unclear_flag_create",
        summary="Flag a moment of the lesson video as unclear",
        description="`moment` is seconds into the video, from 0 to its end. Counted against "
        "the `unclear_flag` rate limit (429 with `retry_after`, nothing written).",
        request=FlagInputSerializer,
        responses={201: FlagSerializer, 403: CLOSED, 404: NO_LESSON},
        tags=TAGS,
    )
    def post(self, request, lesson_id: int):
        lesson = _published_lesson(lesson_id)
        data = FlagInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            flag = unclear_flag_create(user=request.user, lesson=lesson, **data.validated_data)
        except ValidationError as error:
            raise _as_api_error(error) from error
        return _private(Response(FlagSerializer(flag).data, status=status.HTTP_201_CREATED))


class CanReviewFeedback(BasePermission):
    message = "Only editors and staff see lesson feedback."

    def has_permission(self, request, view) -> bool:
        return user_can_review_feedback(request.user)


class UnclearFlagQueueView(APIView):
    permission_classes = [IsAuthenticated, CanReviewFeedback]

    @extend_schema(
        operation_id="lesson_unclear_flag_queue",
        summary="Editors: a lesson's ratings and unclear moments, grouped by moment",
        description="Flags within 30 seconds of a group's first flag are one group. Open "
        "flags only, unless `include_handled` is true.",
        parameters=[QueueQuerySerializer],
        responses={200: FlagQueueSerializer, 404: OpenApiResponse(description="No such lesson")},
        tags=TAGS,
    )
    def get(self, request, lesson_id: int):
        lesson = get_object_or_404(LessonPage, pk=lesson_id)
        query = QueueQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        include_handled = query.validated_data["include_handled"]
        data = {
            "lesson_id": lesson.pk,
            "title": lesson.title,
            "ratings": lesson_rating_summary(lesson=lesson),
            "groups": lesson_flag_groups(lesson=lesson, include_handled=include_handled),
        }
        return _private(Response(FlagQueueSerializer(data).data))


class UnclearFlagsHandledView(APIView):
    permission_classes = [IsAuthenticated, CanReviewFeedback]

    @extend_schema(
        operation_id="lesson_unclear_flags_handle",
        summary="Editors: mark some of a lesson's flags handled",
        description="Idempotent: flags already handled, or not the lesson's, are left alone.",
        request=HandleInputSerializer,
        responses={200: HandledSerializer, 404: OpenApiResponse(description="No such lesson")},
        tags=TAGS,
    )
    def post(self, request, lesson_id: int):
        lesson = get_object_or_404(LessonPage, pk=lesson_id)
        data = HandleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        handled = unclear_flags_handle(
            editor=request.user, lesson=lesson, flag_ids=data.validated_data["flags"]
        )
        still_open = lesson_open_flag_count(lesson=lesson)
        return _private(Response(HandledSerializer({"handled": handled, "open": still_open}).data))
