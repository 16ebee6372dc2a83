"""The coach's header link (``cms.account_menu``): only for people who coach a class."""

from django.http import HttpRequest
from django.urls import reverse

from cms.account_menu import MenuLink
from courses.selectors.coaching import cohort_ids_coached_by


def coach_menu_links(request: HttpRequest) -> list[MenuLink]:
    if not request.user.has_perm("coaching.coach_classes"):
        return []
    if not cohort_ids_coached_by(request.user):
        return []
    return [MenuLink(label="Coaching", url=reverse("coaching:workspace"))]
