"""A student's own endpoints, mounted at the root of ``/api/v1/`` (``cms/api.py``)."""

from django.urls import path

from . import student

urlpatterns = [
    path("me/dashboard/", student.DashboardView.as_view(), name="api-me-dashboard"),
    path(
        "lessons/<int:lesson_id>/progress/",
        student.LessonProgressView.as_view(),
        name="api-lesson-progress",
    ),
]
