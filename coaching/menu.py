"""The coach's header link (``cms.account_menu``): only for people who coach a class.

The header is on every page, including the lesson page with its query budget, so whether
someone coaches is remembered in the cache for a few minutes: a non-coach's page pays no
query for it after the first. Newly assigned coaches see the link within that time; the
workspace itself always checks the assignment afresh.
"""

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse

from cms.account_menu import MenuLink
from courses.selectors.coaching import cohort_ids_coached_by

IS_COACH_SECONDS = 300


def coach_menu_keys(user_id: int) -> list[str]:
    return [f"coaching:is-coach:{user_id}"]


def _is_coach(user) -> bool:
    [key] = coach_menu_keys(user.pk)
    known = cache.get(key)
    if known is None:
        known = bool(cohort_ids_coached_by(user)) and user.has_perm("coaching.coach_classes")
        cache.set(key, known, IS_COACH_SECONDS)
    return known


def coach_menu_links(request: HttpRequest) -> list[MenuLink]:
    if not request.user.is_authenticated or not _is_coach(request.user):
        return []
    return [MenuLink(label="Coaching", url=reverse("coaching:workspace"))]
