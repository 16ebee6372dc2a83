"""The analytics dashboard stores nothing; this model only carries its permission.

``insight_dashboard.view_analytics`` decides who sees the dashboard and its API
(``insight.dashboard.permissions``). Superusers have it; the data migration gives it to the
Editors and Moderators groups; staff may grant it to any other group in Settings > Groups.
"""

from django.db import models


class AnalyticsAccess(models.Model):
    class Meta:
        managed = False  # no table: a holder for the permission below
        default_permissions = ()
        permissions = [("view_analytics", "Can see the analytics dashboard and its API")]
        verbose_name = "analytics dashboard"

    def __str__(self) -> str:
        return "Analytics dashboard"
