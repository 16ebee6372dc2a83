"""The "Executive circle" header link, for people who may read it (remembered a few minutes,
as the other account-menu links are, so the header costs no query after the first)."""

from django.core.cache import cache
from django.urls import reverse

from cms.account_menu import MenuLink
from community.circle.access import circle_access


def circle_menu_keys(user_id: int) -> list[str]:
    return [f"circle:menu:{user_id}"]


def circle_menu_links(request) -> list[MenuLink]:
    user = request.user
    if not user.is_authenticated:
        return []
    [key] = circle_menu_keys(user.pk)
    known = cache.get(key)
    if known is None:
        known = circle_access(user=user).can_read
        cache.set(key, known, 300)
    return [MenuLink(label="Executive circle", url=reverse("circle:index"))] if known else []
