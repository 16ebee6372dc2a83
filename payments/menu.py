"""The buyer's links in the signed-in header (``cms.account_menu``)."""

from django.http import HttpRequest
from django.urls import reverse

from cms.account_menu import MenuLink


def buyer_menu_links(request: HttpRequest) -> list[MenuLink]:
    """Orders: receipts, refunds and open checkouts. Shown to everyone signed in, at no query."""
    return [MenuLink(label="Orders", url=reverse("payments:order_list"))]
