from django.urls import path

from insight.dashboard.api import DashboardTableView, DashboardView

urlpatterns = [
    path("", DashboardView.as_view(), name="api-insight-dashboard"),
    path("<str:key>/", DashboardTableView.as_view(), name="api-insight-dashboard-table"),
]
