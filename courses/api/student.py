"""A student's own API: mark lessons done, and the dashboard (thin: services do the work).

* ``POST`` / ``DELETE /api/v1/lessons/<id>/progress/``: mark a lesson done / not done, through
  the one access policy (``courses.progress.lesson_progress_set``).
* ``GET /api/v1/me/dashboard/``: what ``/dashboard/`` shows, from the same selector
  (``courses.progress.dashboard_load``).
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from cms.page_cache import page_cache_remember_site
from courses.models import LessonPage
from courses.progress import (
    EnrollmentProgress,
    dashboard_load,
    enrollment_progress_load,
    lesson_progress_set,
)
from courses.selectors import lesson_location

from .serializers import (
    DashboardSerializer,
    LessonProgressSerializer,
    LessonRefusedSerializer,
)


def _private(response: Response) -> Response:
    response["Cache-Control"] = "private, no-store"
    return response


def _progress(done: int, total: int, percent: int) -> dict:
    return {"done": done, "total": total, "percent": percent}


def _lesson_ref(lesson, request) -> dict | None:
    if lesson is None:
        return None
    return {"id": lesson.pk, "title": lesson.title, "url": lesson.get_url(request) or ""}


def _certificate(certificate, request) -> dict | None:
    if certificate is None:
        return None
    return {
        "code": certificate.code,
        "valid": certificate.is_valid,
        "url": request.build_absolute_uri(
            reverse("courses_student:certificate", args=[certificate.code])
        ),
        "pdf_url": request.build_absolute_uri(
            reverse("courses_student:certificate_pdf", args=[certificate.code])
        )
        if certificate.is_valid
        else None,
    }


def enrollment_progress_data(item: EnrollmentProgress, request) -> dict:
    enrollment = item.enrollment
    return {
        "enrollment_id": enrollment.pk,
        "cohort": item.cohort,
        "course": item.course,
        "progress": _progress(item.done, item.total, item.percent),
        "continue_lesson": _lesson_ref(item.continue_lesson, request),
        "certificate": _certificate(item.certificate, request),
        "weeks": [
            {
                "number": week.number,
                "title": week.page.title if week.page else None,
                "url": (week.page.get_url(request) or "") if week.page else None,
                "due_at": week.due_at,
                "released_at": week.released_at,
                "available": week.is_released,
                "progress": _progress(week.done, len(week.lessons), week.percent),
                "lessons": [
                    {**_lesson_ref(row.lesson, request), "done": row.done, "available": row.open}
                    for row in week.lessons
                ],
            }
            for week in item.weeks
        ],
    }


class DashboardView(APIView):
    permission_classes = [IsAuthenticated]
    reader_cache = True  # remembered per reader until any write (cms.reader_cache)

    @extend_schema(
        operation_id="me_dashboard",
        summary="My classes with course and week progress",
        description="Each active class: course progress, each week's dates and progress with "
        "its lessons (done or not, open or not), where to continue, and the certificate once "
        "the course is finished. The same data as the /dashboard/ page.",
        responses={
            200: DashboardSerializer,
            403: OpenApiResponse(description="Not signed in"),
        },
        tags=["progress"],
    )
    def get(self, request):
        page_cache_remember_site(request)  # the lessons' URLs need it
        progress = dashboard_load(user=request.user, now=timezone.now())
        data = {"classes": [enrollment_progress_data(item, request) for item in progress]}
        return _private(Response(DashboardSerializer(data, context={"request": request}).data))


class LessonProgressView(APIView):
    # The access policy decides, and says why (anonymous included).
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="lesson_progress_mark_done",
        summary="Mark a lesson done",
        description="Idempotent. Only a student whose class has the lesson's week released may "
        "mark it; 403 carries the access policy's reason. Finishing the course issues the "
        "certificate.",
        request=None,
        responses={
            200: LessonProgressSerializer,
            403: LessonRefusedSerializer,
            404: OpenApiResponse(description="No such published lesson"),
        },
        tags=["progress"],
    )
    def post(self, request, lesson_id: int):
        return self._set(request, lesson_id, done=True)

    @extend_schema(
        operation_id="lesson_progress_mark_not_done",
        summary="Mark a lesson not done",
        description="Idempotent; the same rules as marking it done.",
        request=None,
        responses={
            200: LessonProgressSerializer,
            403: LessonRefusedSerializer,
            404: OpenApiResponse(description="No such published lesson"),
        },
        tags=["progress"],
    )
    def delete(self, request, lesson_id: int):
        return self._set(request, lesson_id, done=False)

    def _set(self, request, lesson_id: int, *, done: bool) -> Response:
        lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
        # A closed lesson raises LessonClosed: a 403 with the policy's reason (api/errors.py).
        enrollment = lesson_progress_set(
            user=request.user, lesson=lesson, done=done, now=timezone.now()
        )
        item = enrollment_progress_load(enrollment=enrollment)
        number = lesson_location(lesson=lesson).week_number
        week = next(week for week in item.weeks if week.number == number)
        data = {
            "lesson_id": lesson.pk,
            "done": done,
            "enrollment_id": enrollment.pk,
            "week_number": number,
            "week_progress": _progress(week.done, len(week.lessons), week.percent),
            "course_progress": _progress(item.done, item.total, item.percent),
            "continue_lesson": _lesson_ref(item.continue_lesson, request),
        }
        return _private(Response(LessonProgressSerializer(data).data))
