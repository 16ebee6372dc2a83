"""The analytics dashboard in the Wagtail admin (a view only: the selectors count).

``GET /admin/analytics/?from=YYYY-MM-DD&to=YYYY-MM-DD`` shows every table of
``insight.dashboard.selectors`` with its chart; ``&export=<table key>`` downloads that table
as CSV. A bad date answers 400 with the form saying what to fix, and computes nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode

from insight.dashboard.period import period_form, period_from
from insight.dashboard.permissions import user_can_see_analytics
from insight.dashboard.selectors import TABLES, dashboard_table, dashboard_tables


def dashboard(request):
    if not user_can_see_analytics(request.user):
        raise PermissionDenied("Only staff with the analytics permission see the dashboard.")
    form = period_form(request.GET)
    export = request.GET.get("export")
    if export is not None and export not in TABLES:
        raise Http404(f"No table {export!r} to export.")
    context = {"form": form, "page_title": "Analytics", "header_icon": "table"}
    if not form.is_valid():
        return TemplateResponse(
            request, "insight_dashboard/dashboard.html", {**context, "tables": []}, status=400
        )
    period = period_from(form)
    if export:
        return _csv(dashboard_table(key=export, period=period), period)
    tables = dashboard_tables(period=period)
    query = period.query()
    sections = [
        {
            "table": table,
            "body": table.body_html(),
            "chart": table.chart_data(),
            "chart_id": f"{table.key}-chart",
            "csv_url": "?" + urlencode({**query, "export": table.key}),
        }
        for table in tables
    ]
    return TemplateResponse(
        request,
        "insight_dashboard/dashboard.html",
        {**context, "tables": sections, "period": period},
    )


def _csv(table, period) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(table.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.key}-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
