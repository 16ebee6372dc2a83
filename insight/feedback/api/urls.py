"""Lesson feedback endpoints, mounted at the root of ``/api/v1/`` (``cms/api.py``)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "lessons/<id:lesson_id>/rating/",
        views.MyLessonRatingView.as_view(),
        name="api-lesson-rating",
    ),
    path(
        "lessons/<id:lesson_id>/unclear-flags/",
        views.MyUnclearFlagsView.as_view(),
        name="api-lesson-unclear-flags",
    ),
    path(
        "lessons/<id:lesson_id>/unclear-flags/queue/",
        views.UnclearFlagQueueView.as_view(),
        name="api-lesson-unclear-flag-queue",
    ),
    path(
        "lessons/<id:lesson_id>/unclear-flags/handled/",
        views.UnclearFlagsHandledView.as_view(),
        name="api-lesson-unclear-flags-handled",
    ),
]
