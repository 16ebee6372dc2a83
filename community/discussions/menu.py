"""The header's "Notifications" link with the unread count (``cms.account_menu``): one query."""

from django.urls import reverse

from cms.account_menu import MenuLink
from community.discussions.selectors import notifications_unread_count, notifications_unread_key


def notifications_menu_keys(user_id: int) -> list[str]:
    return [notifications_unread_key(user_id)]


def notifications_menu_links(request) -> list[MenuLink]:
    unread = notifications_unread_count(user=request.user)
    return [
        MenuLink(
            label="Notifications",
            url=reverse("discussions:notifications"),
            badge=unread or None,
            badge_label=f"{unread} unread" if unread else "",
        )
    ]
