"""Admin wiring only: the "Analytics" menu item and the dashboard's URL."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from insight.dashboard import admin_views
from insight.dashboard.permissions import user_can_see_analytics


@hooks.register("register_admin_urls")
def register_analytics_admin_urls():
    return [path("analytics/", admin_views.dashboard, name="insight_dashboard")]


class AnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_see_analytics(request.user)


@hooks.register("register_admin_menu_item")
def register_analytics_menu_item():
    return AnalyticsMenuItem(
        "Analytics", reverse("insight_dashboard"), icon_name="table", order=310
    )
