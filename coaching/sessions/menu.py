"""The "Live sessions" header link (``cms.account_menu``): for students and coaches of a
class that has sessions. Remembered in the cache for a few minutes, as the header is on
every page (one query on a cold cache); the sessions page itself always asks afresh."""

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse

from cms.account_menu import MenuLink
from coaching.sessions.models import LiveSession
from coaching.sessions.policy import member_cohort_ids_query

HAS_SESSIONS_SECONDS = 300


def live_session_menu_keys(user_id: int) -> list[str]:
    return [f"live_sessions:has:{user_id}"]


def _has_sessions(user) -> bool:
    [key] = live_session_menu_keys(user.pk)
    known = cache.get(key)
    if known is None:
        known = LiveSession.objects.filter(
            cohort_id__in=member_cohort_ids_query(user=user)
        ).exists()
        cache.set(key, known, HAS_SESSIONS_SECONDS)
    return known


def live_session_menu_links(request: HttpRequest) -> list[MenuLink]:
    if not request.user.is_authenticated or not _has_sessions(request.user):
        return []
    return [MenuLink(label="Live sessions", url=reverse("live_sessions:list"))]
