"""Who may do what with comments in the Wagtail admin.

Moderating is its own permission, ``community.moderate_comment`` (granted to the Editors
and Moderators groups by migration 0002). Nobody adds comments in the admin: readers write
them on the site, through ``comment_create``, so its rules (rate limit, holding) always apply.
https://docs.wagtail.org/en/stable/extending/customising_permissions.html
"""

from django.contrib.auth import get_user_model

from wagtail.permission_policies import ModelPermissionPolicy


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, except that "add" is granted to no one, superusers included."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action != "add"]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)
