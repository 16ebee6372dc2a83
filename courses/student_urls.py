"""A student's own pages: dashboard, progress buttons, email preferences, certificates, the
iCal feed. Mounted at the site root in ``cms/urls.py`` (before Wagtail's catch-all)."""

from django.urls import path

from courses import student_views as views

app_name = "courses_student"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("lessons/<int:lesson_id>/progress/", views.lesson_progress, name="lesson_progress"),
    path("notifications/", views.preferences, name="preferences"),
    path("notifications/<str:token>/", views.preferences_signed, name="preferences_signed"),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate"),
    path("certificates/<str:code>/pdf/", views.certificate_download, name="certificate_pdf"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
]
