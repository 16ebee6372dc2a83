"""Public URLs of the ``courses`` app (mounted at ``/lesson-files/`` in ``cms/urls.py``).

The pages themselves are Wagtail pages; these are the policy-checked file downloads.
"""

from django.conf import settings
from django.urls import path, re_path

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


def private_media_patterns() -> list:
    """In DEBUG, ``MEDIA_URL`` is served straight from disk: close its ``documents/`` part."""
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}documents/(?P<path>.*)$", views.private_media_refused)]
