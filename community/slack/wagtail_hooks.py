"""Admin wiring only: each class's Slack channel (staff may name it), and each membership's
wanted and actual state with its last error. Memberships are written by the sync only."""

from django.conf import settings
from django.contrib.auth import get_user_model

from wagtail import hooks
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from community.slack.forms import SlackChannelForm
from community.slack.models import SlackChannel, SlackMembership

WRITE_ACTIONS = ("add", "change", "delete")


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action not in WRITE_ACTIONS and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in WRITE_ACTIONS]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


register_permission_policy(SlackMembership, ReadOnlyPermissionPolicy(SlackMembership))


class SlackChannelIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("cohort")


class SlackMembershipIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "channel")


class SlackChannelViewSet(ModelViewSet):
    model = SlackChannel
    icon = "comment"
    menu_label = "Channels"
    url_prefix = "slack/channels"
    url_namespace = "slack_channels"
    list_display = ["name", "cohort", "slack_id", "archived_at", "last_error"]
    list_filter = ["cohort"]
    search_fields = ["name", "cohort__name"]
    search_backend_name = None
    copy_view_enabled = False
    index_view_class = SlackChannelIndexView

    def get_form_class(self, for_update=False):
        return SlackChannelForm


class SlackMembershipViewSet(ModelViewSet):
    model = SlackMembership
    icon = "user"
    menu_label = "Memberships"
    url_prefix = "slack/memberships"
    url_namespace = "slack_memberships"
    list_display = ["email", "channel", "wanted", "actual", "last_error", "attempts", "synced_at"]
    list_filter = ["wanted", "actual", "channel"]
    search_fields = ["user__email", "channel__name"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["wanted"]  # never shown: no one may add or change a membership here
    index_view_class = SlackMembershipIndexView


class SlackViewSetGroup(ModelViewSetGroup):
    menu_label = "Slack"
    menu_icon = "comment"
    menu_order = 270
    items = (SlackChannelViewSet, SlackMembershipViewSet)


@hooks.register("register_admin_viewset")
def register_slack_viewsets():
    return SlackViewSetGroup()


@hooks.register("construct_main_menu")
def slack_menu_hide_when_off(request, menu_items):
    """Without ``SLACK_BOT_TOKEN`` Slack is off: the admin menu does not offer it either."""
    if not settings.SLACK_BOT_TOKEN:
        menu_items[:] = [item for item in menu_items if item.name != "slack"]
