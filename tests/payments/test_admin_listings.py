"""The admin's class listing shows seats and revenue per class, and the enrollment and order
listings export the rows they show as CSV (they used to download blank lines)."""

import csv
import datetime as dt
import io

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Cohort, EnrollmentStatus
from engine.capacity.services import hold_place
from payments.models import OrderStatus
from tests.factories import (
    CohortFactory,
    DiscountCodeFactory,
    EnrollmentFactory,
    OrderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="boss@example.com", password="x")
    client.force_login(admin)
    return client


def _csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_the_enrollment_export_has_one_row_per_enrollment(staff_client):
    cohort = CohortFactory(name="Spring class")
    EnrollmentFactory(cohort=cohort, user=UserFactory(email="ada@example.com"))
    EnrollmentFactory(
        cohort=cohort, user=UserFactory(email="bob@example.com"), status=EnrollmentStatus.REFUNDED
    )
    response = staff_client.get(reverse("enrollment:index"), {"export": "csv"})
    rows = _csv_rows(response)
    by_email = {row["Email"]: row for row in rows}
    assert set(by_email) == {"ada@example.com", "bob@example.com"}
    assert by_email["ada@example.com"]["Class"] == "Spring class"
    assert by_email["ada@example.com"]["Status"] == "active"
    assert by_email["bob@example.com"]["Status"] == "refunded"


def test_the_order_export_has_amounts_and_the_code(staff_client):
    code = DiscountCodeFactory(code="EARLY")
    OrderFactory(
        buyer=UserFactory(email="pay@example.com"), discount_code=code, discount_amount=100
    )
    OrderFactory(buyer=UserFactory(email="team@example.com"), seats=3)
    response = staff_client.get(reverse("payments_orders:index"), {"export": "csv"})
    rows = {row["Buyer"]: row for row in _csv_rows(response)}
    assert set(rows) == {"pay@example.com", "team@example.com"}
    assert rows["pay@example.com"]["Discount code"] == "EARLY"
    assert rows["team@example.com"]["Discount code"] == ""
    assert rows["team@example.com"]["Seats"] == "3"
    assert int(rows["pay@example.com"]["Amount paid"]) > 0


def test_the_class_listing_shows_seats_and_revenue(staff_client):
    cohort = CohortFactory(name="Summer class", capacity=10)
    EnrollmentFactory.create_batch(3, cohort=cohort)
    EnrollmentFactory(cohort=cohort, status=EnrollmentStatus.REFUNDED)
    hold_place(target=cohort, reference="order:test", places=2, expires_at=None)
    hold_place(
        target=cohort,
        reference="order:old",
        places=1,
        expires_at=timezone.now() + dt.timedelta(minutes=5),
        now=timezone.now() - dt.timedelta(hours=1),
    )
    OrderFactory(cohort=cohort, amount_paid=50_000, amount_refunded=10_000)
    OrderFactory(cohort=cohort, amount_paid=0, status=OrderStatus.EXPIRED)
    response = staff_client.get(reverse("cohort:index"))
    assert response.status_code == 200
    page = response.content.decode()
    row = page[page.index("Summer class") :]
    row = row[: row.index("</tr>")]
    cells = [c.split(">", 1)[1].split("<", 1)[0].strip() for c in row.split("<td")[1:]]
    assert cells[-4:] == ["3", "3", "4", "$400.00"]


def test_the_class_listing_costs_the_same_queries_at_10x(staff_client):
    def listing_queries(classes: int) -> list[str]:
        for _ in range(classes - Cohort.objects.count()):
            cohort = CohortFactory()
            EnrollmentFactory.create_batch(2, cohort=cohort)
            OrderFactory(cohort=cohort)
        staff_client.get(reverse("cohort:index"))  # warm the per-request caches (site, user)
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(reverse("cohort:index")).status_code == 200
        return [query["sql"] for query in queries.captured_queries]

    at_1x, at_10x = listing_queries(1), listing_queries(10)
    assert len(at_1x) == len(at_10x) <= 20
    assert not [sql for sql in at_10x if "courses_enrollment" in sql and "GROUP BY" not in sql]
