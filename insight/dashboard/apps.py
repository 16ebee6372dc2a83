from django.apps import AppConfig


class InsightDashboardConfig(AppConfig):
    """The analytics dashboard staff read at a glance (issue 19, item 3): enrollments,
    revenue, teams, the funnel, lessons, ratings and waitlist demand, each a table (with a
    chart and a CSV export) aggregated in the database; the same figures as a staff-only API."""

    name = "insight.dashboard"
    label = "insight_dashboard"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Analytics"

    def ready(self) -> None:
        from insight.dashboard.satisfaction import satisfaction_ratings_register

        satisfaction_ratings_register()
