"""The dashboard's figures as JSON, for staff with the analytics permission, under
``/api/v1/insight/dashboard/``:

* ``GET /insight/dashboard/?from=&to=``: every table of the dashboard;
* ``GET /insight/dashboard/<key>/?from=&to=``: one table.

The same selectors as the admin page. Anonymous: 401; signed in without ``view_analytics``
(students, coaches): 403; a bad date: 400 naming the parameter, in the API's one error shape.
Money is an integer in the smallest currency unit, with the row's ``currency``.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api_errors import ApiErrorSerializer
from insight.dashboard.period import PARAMETERS, Period, period_form, period_from
from insight.dashboard.permissions import user_can_see_analytics
from insight.dashboard.selectors import TABLES, dashboard_table, dashboard_tables

TAGS = ["insight"]


class CanSeeAnalytics(BasePermission):
    message = "Only staff with the analytics permission may read the dashboard's figures."

    def has_permission(self, request, view) -> bool:
        return user_can_see_analytics(request.user)


class AnalyticsColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["text", "number", "money", "percent", "average"],
        help_text="money: smallest currency unit, in the row's `currency`; percent: 0-100.",
    )


class AnalyticsTableSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=list(TABLES))
    title = serializers.CharField()
    columns = AnalyticsColumnSerializer(many=True)
    rows = serializers.ListField(
        child=serializers.DictField(), help_text="One object per row, keyed by column key."
    )


class AnalyticsDashboardSerializer(serializers.Serializer):
    period = serializers.DictField(
        child=serializers.DateField(allow_null=True), help_text="`from` and `to`, or null."
    )
    tables = AnalyticsTableSerializer(many=True)


PERIOD_PARAMETERS = [
    OpenApiParameter(
        "from", OpenApiTypes.DATE, description="First day counted (YYYY-MM-DD), included."
    ),
    OpenApiParameter(
        "to", OpenApiTypes.DATE, description="Last day counted (YYYY-MM-DD), included."
    ),
]
BAD_PERIOD = OpenApiResponse(
    ApiErrorSerializer, description="A date is not YYYY-MM-DD, or `to` is before `from`"
)


def _period(request) -> Period:
    form = period_form(request.query_params)
    if not form.is_valid():
        raise ValidationError(
            {PARAMETERS.get(field, field): errors for field, errors in form.errors.items()}
        )
    return period_from(form)


def _private(response: Response) -> Response:
    response["Cache-Control"] = "private, no-store"
    return response


def _period_json(period: Period) -> dict:
    return {"from": period.start, "to": period.end}


class DashboardView(APIView):
    permission_classes = [IsAuthenticated, CanSeeAnalytics]

    @extend_schema(
        tags=TAGS,
        operation_id="insight_dashboard",
        summary="Every figure of the analytics dashboard (staff)",
        parameters=PERIOD_PARAMETERS,
        responses={200: AnalyticsDashboardSerializer, 400: BAD_PERIOD},
    )
    def get(self, request):
        period = _period(request)
        tables = dashboard_tables(period=period)
        body = {"period": _period_json(period), "tables": [t.as_json() for t in tables]}
        return _private(Response(AnalyticsDashboardSerializer(body).data))


class DashboardTableView(APIView):
    permission_classes = [IsAuthenticated, CanSeeAnalytics]

    @extend_schema(
        tags=TAGS,
        operation_id="insight_dashboard_table",
        summary="One table of the analytics dashboard (staff)",
        parameters=[
            OpenApiParameter("key", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(TABLES)),
            *PERIOD_PARAMETERS,
        ],
        responses={200: AnalyticsTableSerializer, 400: BAD_PERIOD},
    )
    def get(self, request, key: str):
        if key not in TABLES:
            raise NotFound(f"No dashboard table {key!r}; the tables are: {', '.join(TABLES)}.")
        period = _period(request)
        return _private(
            Response(
                AnalyticsTableSerializer(dashboard_table(key=key, period=period).as_json()).data
            )
        )
