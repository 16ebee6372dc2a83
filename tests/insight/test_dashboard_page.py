"""The dashboard page: every table with its chart data, the CSV exports, the date filter,
and a query count that does not grow with the data."""

import csv
import io
import json
import re

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api.support import assert_error_shape
from tests.factories import UserFactory
from tests.insight.dashboard_school import dashboard_school, more_of_the_same

pytestmark = pytest.mark.django_db
PAGE = "/admin/analytics/"
API = "/api/v1/insight/dashboard/"


@pytest.fixture
def editor_client(db) -> Client:
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def school(db):
    return dashboard_school()


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_every_table_is_drawn_with_its_chart_data_and_a_csv_link(school, editor_client):
    page = editor_client.get(PAGE).content.decode()
    for key in ("enrollments_by_class", "revenue_by_discount_code", "funnel_by_class", "lessons"):
        assert f'id="{key}"' in page
        assert f"?export={key}" in page
    chart = re.search(
        r'<script id="funnel_by_class-chart" type="application/json">(.*?)</script>', page
    )
    data = json.loads(chart.group(1))
    assert data["labels"] == ["April", "May"]
    assert [d["label"] for d in data["datasets"]] == [
        "Enrolled",
        "Started week 1",
        "Started week 2",
        "Finished",
    ]
    assert data["datasets"][0]["data"] == [4, 2]
    assert "vendor/chartjs/chart.umd.min.js" in page
    assert "<caption>Revenue per class (all time)</caption>" in page
    assert "$5,900.00" in page  # April's gross, formatted in the table beside the chart


def test_csv_exports_contain_the_expected_rows(school, editor_client):
    codes = csv_rows(editor_client.get(PAGE + "?export=revenue_by_discount_code"))
    assert codes == [
        ["Code", "Currency", "Orders", "Gross", "Refunded", "Net", "Discount given"],
        ["APRIL17", "USD", "1", "900.00", "0.00", "900.00", "100.00"],
        ["SPRING", "USD", "1", "900.00", "300.00", "600.00", "100.00"],
    ]
    funnel = csv_rows(editor_client.get(PAGE + "?export=funnel_by_class"))
    assert funnel[1:] == [
        ["April", "4", "3", "2", "1", "25.00"],
        ["May", "2", "1", "0", "1", "50.00"],
    ]
    by_class = csv_rows(editor_client.get(PAGE + "?export=revenue_by_class&from=2026-03-10"))
    assert [row[0] for row in by_class[1:]] == ["April", "May"]
    assert csv_rows(editor_client.get(PAGE + "?export=revenue_by_class&from=2026-03-11")) == [
        by_class[0]
    ]
    assert editor_client.get(PAGE + "?export=nonsense").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-13-01", "&#x27;From&#x27; is not a date: enter a date as YYYY-MM-DD"),
        ("from=2026-05-01&to=2026-04-01", "&#x27;To&#x27; (2026-04-01) is before"),
    ],
)
def test_a_bad_date_says_what_to_fix_and_shows_no_figures(editor_client, query, message):
    response = editor_client.get(f"{PAGE}?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'id="funnel_by_class"' not in page


def test_the_api_returns_the_same_figures_and_refuses_bad_dates(school, editor_client):
    body = editor_client.get(API).json()
    tables = {table["key"]: table for table in body["tables"]}
    april = next(r for r in tables["revenue_by_class"]["rows"] if r["cohort"] == "April")
    assert (april["gross"], april["refunded"], april["net"]) == (590_000, 100_000, 490_000)
    one = editor_client.get(API + "funnel_by_class/?from=2026-01-01").json()
    assert [row["finished"] for row in one["rows"]] == [1, 1]
    error = assert_error_shape(editor_client.get(API + "?to=yesterday"), 400, "invalid")
    assert error["field"] == "to"
    assert "YYYY-MM-DD" in error["detail"]
    error = assert_error_shape(editor_client.get(API + "?from=2026-05-01&to=2026-04-01"), 400)
    assert error["field"] == "to"
    assert_error_shape(editor_client.get(API + "nonsense/"), 404)


def test_query_count_is_the_same_at_1x_and_10x_data(school, editor_client):
    def count(path: str) -> int:
        editor_client.get(path)  # warm the caches a second request would find warm
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(path).status_code == 200
        return len(queries)

    more_of_the_same(school, 1)
    page, api = count(PAGE), count(API)
    more_of_the_same(school, 10)
    assert count(PAGE) == page
    assert count(API) == api
