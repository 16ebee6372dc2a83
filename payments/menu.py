"""The buyer's links in the signed-in header (``cms.account_menu``)."""

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse

from cms.account_menu import MenuLink

TEAM_MENU_SECONDS = 300


def buyer_menu_links(request: HttpRequest) -> list[MenuLink]:
    """Orders: receipts, refunds and open checkouts. Shown to everyone signed in, at no query."""
    return [MenuLink(label="Orders", url=reverse("payments:order_list"))]


def _team_menu_key(user_id: int) -> str:
    return f"payments:team-menu:{user_id}"


def team_menu_forget(*user_ids: int) -> None:
    """Someone became (or stopped being) an owner or co-admin: read their link afresh."""
    cache.delete_many([_team_menu_key(pk) for pk in user_ids])


def team_menu_keys(user_id: int) -> list[str]:
    return [_team_menu_key(user_id)]


def team_menu_links(request: HttpRequest) -> list[MenuLink]:
    """ "My team" for people who own or co-administer a team: straight to the team when there
    is one, else to the list. The answer is cached for a few minutes per person (and
    forgotten when a team is made or a co-admin named), so most pages cost no query."""
    from payments.selectors import teams_for_manager

    key = _team_menu_key(request.user.pk)
    target = cache.get(key)
    if target is None:
        pks = list(teams_for_manager(user=request.user).order_by().values_list("pk", flat=True)[:2])
        target = "" if not pks else (str(pks[0]) if len(pks) == 1 else "list")
        cache.set(key, target, TEAM_MENU_SECONDS)
    if not target:
        return []
    if target == "list":
        return [MenuLink(label="My teams", url=reverse("payments:team_list"))]
    return [MenuLink(label="My team", url=reverse("payments:team_detail", args=[int(target)]))]
