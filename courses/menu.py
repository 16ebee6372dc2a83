"""The student's links in the signed-in header (``cms.account_menu``)."""

from django.http import HttpRequest
from django.urls import reverse

from cms.account_menu import MenuLink


def student_menu_links(request: HttpRequest) -> list[MenuLink]:
    """Everyone signed in has a dashboard: their classes, or the classes open to join."""
    return [MenuLink(label="Dashboard", url=reverse("courses_student:dashboard"))]
