"""The buyer's links in the signed-in header (``cms.account_menu``)."""

from django.http import HttpRequest
from django.urls import reverse

from cms.account_menu import MenuLink


def buyer_menu_links(request: HttpRequest) -> list[MenuLink]:
    """Orders: receipts, refunds and open checkouts. Shown to everyone signed in, at no query."""
    return [MenuLink(label="Orders", url=reverse("payments:order_list"))]


def team_menu_links(request: HttpRequest) -> list[MenuLink]:
    """ "My team" for people who own or co-administer a team (one query): straight to the team
    when there is one, else to the list."""
    from payments.selectors import teams_for_manager

    pks = list(teams_for_manager(user=request.user).values_list("pk", flat=True)[:2])
    if not pks:
        return []
    if len(pks) == 1:
        return [MenuLink(label="My team", url=reverse("payments:team_detail", args=[pks[0]]))]
    return [MenuLink(label="My teams", url=reverse("payments:team_list"))]
