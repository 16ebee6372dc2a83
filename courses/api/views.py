"""The courses JSON API: parse, call a selector, respond (docs/architecture.md, "Where code lives").

* ``GET /api/v1/courses/`` and ``/api/v1/courses/<slug>/outline/``: public.
* ``GET /api/v1/courses/me/cohorts/``: the signed-in user's classes and week dates.
* ``GET /api/v1/courses/lessons/<id>/``: a lesson, through the one access policy.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from django.shortcuts import get_object_or_404
from django.utils import timezone

from cms.api_errors import error_response
from cms.page_cache import page_cache_memo, page_cache_remember_site
from courses.models import CoursePage, LessonPage
from courses.selectors import (
    cohorts_upcoming,
    course_outline,
    lesson_access,
    lesson_location,
    user_enrollment_schedules,
)

from .serializers import (
    CourseOutlineSerializer,
    CourseSummarySerializer,
    LessonDetailSerializer,
    LessonRefusedSerializer,
    MyCohortSerializer,
    lesson_body_representation,
)


class CourseListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="courses_list",
        summary="Courses on offer",
        responses=CourseSummarySerializer(many=True),
        tags=["courses"],
    )
    def get(self, request):
        courses = CoursePage.objects.live().order_by("path")
        return Response(
            CourseSummarySerializer(courses, many=True, context={"request": request}).data
        )


class CourseOutlineView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="courses_outline",
        summary="Public outline of a course",
        description="Weeks and lessons (titles and summaries, never lesson bodies) and the "
        "upcoming classes with their dates and seats left.",
        responses={
            200: CourseOutlineSerializer,
            404: OpenApiResponse(description="No such course"),
        },
        tags=["courses"],
    )
    def get(self, request, slug: str):
        course = get_object_or_404(CoursePage.objects.live(), slug=slug)
        outline = course_outline(course=course)
        course.weeks = outline.weeks
        course.upcoming_cohorts = cohorts_upcoming(course=course, now=timezone.now())
        return Response(CourseOutlineSerializer(course, context={"request": request}).data)


class MyCohortsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="courses_my_cohorts",
        summary="My classes and when each week opens",
        responses={200: MyCohortSerializer(many=True)},
        tags=["courses"],
    )
    def get(self, request):
        data = []
        for schedule in user_enrollment_schedules(user=request.user):
            enrollment = schedule.enrollment
            data.append(
                {
                    "enrollment_id": enrollment.pk,
                    "tier": enrollment.tier,
                    "status": enrollment.status,
                    "cohort": enrollment.cohort,
                    "course": enrollment.cohort.course,
                    "weeks": [
                        {
                            "number": row.number,
                            "title": week.title if week else None,
                            "due_at": row.due_at,
                            "released_at": row.released_at,
                            "available": row.is_released,
                        }
                        for row, week in schedule.weeks
                    ],
                }
            )
        return Response(MyCohortSerializer(data, many=True, context={"request": request}).data)


def _lesson_body(lesson: LessonPage, request) -> list[dict]:
    """The body's JSON, the same for every reader the policy allowed (ask it first): built
    once per publish of the lesson and per scheme and host (its file URLs are absolute), so
    its documents and transcript are not read again (``cms.page_cache.page_cache_memo``)."""
    return page_cache_memo(
        name=f"lesson-api-body|{lesson.pk}|{request.scheme}|{request.get_host()}",
        page_ids=[lesson.pk],
        compute=lambda: lesson_body_representation(lesson=lesson, request=request),
    )


class LessonDetailView(APIView):
    permission_classes = [AllowAny]  # the access policy decides, and says why
    reader_cache = True  # remembered per reader until any write (cms.reader_cache)

    @extend_schema(
        operation_id="courses_lesson_detail",
        summary="A lesson's content, if the access policy allows it",
        description="403 carries the policy's reason: anonymous, not_enrolled, "
        "not_released_yet (with available_at) or revoked.",
        responses={
            200: LessonDetailSerializer,
            403: LessonRefusedSerializer,
            404: OpenApiResponse(description="No such published lesson"),
        },
        tags=["courses"],
    )
    def get(self, request, lesson_id: int):
        lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
        access = lesson_access(user=request.user, lesson=lesson, now=timezone.now())
        if not access.allowed:
            response = error_response(
                status_code=403,
                code="lesson_closed",
                detail=access.message,
                access=access.as_dict(),
            )
            response["Cache-Control"] = "private, no-store"
            return response
        location = lesson_location(lesson=lesson)
        page_cache_remember_site(request)  # the lesson's URL needs it
        data = {
            "id": lesson.pk,
            "title": lesson.title,
            "summary": lesson.summary,
            "duration_minutes": lesson.duration_minutes,
            "course_id": location.course_id,
            "week_number": location.week_number,
            "url": lesson.get_url(request) or "",
            "access": access.as_dict(),
            "body": _lesson_body(lesson, request),
        }
        response = Response(LessonDetailSerializer(data).data)
        response["Cache-Control"] = "private, no-store"
        return response
