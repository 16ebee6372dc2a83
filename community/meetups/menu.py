"""The header link of meetups (``cms.account_menu``): one link, no query."""

from django.urls import reverse

from cms.account_menu import MenuLink


def meetup_menu_links(request) -> list[MenuLink]:
    return [MenuLink("Meetups", reverse("meetups:meetup_list"))]
