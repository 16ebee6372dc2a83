"""Public URLs of the ``courses`` app (mounted at ``/lesson-files/`` in ``cms/urls.py``).

The pages themselves are Wagtail pages; these are the policy-checked file downloads.
"""

from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path(
        "<int:lesson_id>/<int:document_id>/",
        views.lesson_file,
        name="lesson_file",
    ),
    path("signed/<str:token>/", views.signed_file, name="signed_file"),
]
