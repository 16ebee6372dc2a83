"""Who may do what with payment records in the Wagtail admin.

Orders, teams and Stripe events are written by the payments services only (a checkout, a
webhook, a refund), never typed in: "add", "change" and "delete" are granted to no one,
superusers included. Staff read them, and refund through the order's Refund action
(``payments.refund_order``). https://docs.wagtail.org/en/stable/extending/customising_permissions.html
"""

from django.contrib.auth import get_user_model

from wagtail.permission_policies import ModelPermissionPolicy

REFUND_PERMISSION = "payments.refund_order"
WRITE_ACTIONS = ("add", "change", "delete")


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action in WRITE_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in WRITE_ACTIONS]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)
