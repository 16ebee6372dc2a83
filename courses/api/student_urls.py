"""A student's own endpoints, mounted at the root of ``/api/v1/`` (``cms/api.py``)."""

from django.urls import path

from . import me, student

urlpatterns = [
    path("me/dashboard/", student.DashboardView.as_view(), name="api-me-dashboard"),
    path("me/certificates/", me.MyCertificatesView.as_view(), name="api-me-certificates"),
    path("me/notifications/", me.MyNotificationsView.as_view(), name="api-me-notifications"),
    path("me/calendar/", me.MyCalendarView.as_view(), name="api-me-calendar"),
    path(
        "lessons/<id:lesson_id>/progress/",
        student.LessonProgressView.as_view(),
        name="api-lesson-progress",
    ),
]
