"""The "1:1 coaching" header link (``cms.account_menu``): for students whose tier includes
coaching sessions and for coaches. Remembered in the cache for a few minutes, as the coach
link is (``coaching.menu``), so the header costs no query after the first."""

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse

from cms.account_menu import MenuLink
from courses.entitlements.models import EntitlementKind
from courses.entitlements.selectors import user_entitled

SECONDS = 300


def sessions_menu_keys(user_id: int) -> list[str]:
    return [f"coaching-slots:menu:{user_id}"]


def sessions_menu_links(request: HttpRequest) -> list[MenuLink]:
    user = request.user
    if not user.is_authenticated:
        return []
    [key] = sessions_menu_keys(user.pk)
    known = cache.get(key)
    if known is None:
        known = [
            user_entitled(user=user, kind=EntitlementKind.COACHING_SESSIONS),
            hasattr(user, "coach_profile"),
        ]
        cache.set(key, known, SECONDS)
    links = []
    if known[0]:
        links.append(MenuLink(label="1:1 coaching", url=reverse("coaching_slots:sessions")))
    if known[1]:
        links.append(MenuLink(label="My 1:1 slots", url=reverse("coaching_slots:coach_slots")))
    return links
