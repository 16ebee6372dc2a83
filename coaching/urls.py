from django.urls import path

from coaching import views

app_name = "coaching"

urlpatterns = [
    path("journal/", views.journal, name="journal"),
    path("journal/<int:course_id>/pdf/", views.journal_pdf, name="journal_pdf"),
    path(
        "journal/<int:course_id>/week/<int:week_number>/",
        views.journal_week_save,
        name="journal_week",
    ),
    path("coach/", views.workspace, name="workspace"),
    path("coach/classes/<int:cohort_id>/", views.workspace_class, name="workspace_class"),
    path("coach/entries/<int:entry_id>/", views.coach_entry_view, name="coach_entry"),
]
