from django.urls import path

from . import search, views

urlpatterns = [
    path("", views.CourseListView.as_view(), name="api-courses"),
    path("search/", search.LessonSearchView.as_view(), name="api-courses-search"),
    path("me/cohorts/", views.MyCohortsView.as_view(), name="api-courses-my-cohorts"),
    path("lessons/<id:lesson_id>/", views.LessonDetailView.as_view(), name="api-courses-lesson"),
    path("<slug:slug>/outline/", views.CourseOutlineView.as_view(), name="api-courses-outline"),
]
