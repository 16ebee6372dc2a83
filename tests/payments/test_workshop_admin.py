"""Staff export a workshop's attendees as CSV from the Wagtail admin: only people who may edit
the workshop, only active tickets, and no cell a spreadsheet would run as a formula."""

import csv
import io

import pytest

from django.contrib.auth.models import Group

from tests.factories import OrderFactory, TicketFactory, VerifiedUserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(db):
    return WorkshopFactory(title="Creating Effective MVPs", slug="mvps")


def csv_url(workshop) -> str:
    return f"/admin/payments/workshops/{workshop.pk}/attendees.csv"


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_staff_download_the_active_attendees_in_order(client, workshop):
    first = TicketFactory(
        workshop=workshop, holder=VerifiedUserFactory(first_name="Ada", last_name="Byron")
    )
    second = TicketFactory(workshop=workshop, quantity=2)
    TicketFactory(workshop=workshop, status="refunded")
    TicketFactory(workshop=WorkshopFactory())  # another workshop
    client.force_login(VerifiedUserFactory(is_staff=True, is_superuser=True))
    response = client.get(csv_url(workshop))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="attendees-mvps.csv"' in response["Content-Disposition"]
    header, *body = rows(response)
    assert header == ["Name", "Email", "Tickets", "Order", "Bought at (UTC)"]
    assert [(r[0], r[1], r[2]) for r in body] == [
        ("Ada Byron", first.holder.email, "1"),
        (second.holder.get_full_name(), second.holder.email, "2"),
    ]


def test_an_editor_who_may_edit_the_page_downloads_it(client, workshop):
    editor = VerifiedUserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(csv_url(workshop)).status_code == 200


def test_a_student_or_a_visitor_gets_nothing(client, workshop):
    TicketFactory(workshop=workshop)
    response = client.get(csv_url(workshop))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(VerifiedUserFactory())
    response = client.get(csv_url(workshop))
    assert response.status_code in (302, 403)
    assert b"@" not in response.content


def test_formula_cells_are_neutralised(client, workshop):
    TicketFactory(
        workshop=workshop,
        holder=VerifiedUserFactory(first_name='=HYPERLINK("http://evil")', last_name="x"),
    )
    TicketFactory(workshop=workshop, holder=VerifiedUserFactory(first_name="+1", last_name="2"))
    TicketFactory(
        workshop=workshop, holder=VerifiedUserFactory(first_name="@SUM(A1)", last_name="")
    )
    client.force_login(VerifiedUserFactory(is_staff=True, is_superuser=True))
    names = [row[0] for row in rows(client.get(csv_url(workshop)))[1:]]
    assert names == ['\'=HYPERLINK("http://evil") x', "'+1 2", "'@SUM(A1)"]


def test_the_page_editor_shows_the_export_button(client, workshop):
    client.force_login(VerifiedUserFactory(is_staff=True, is_superuser=True))
    response = client.get(f"/admin/pages/{workshop.pk}/edit/")
    assert response.status_code == 200
    assert csv_url(workshop) in response.content.decode()


def test_orders_list_and_refund_form_name_the_workshop(client, workshop):
    order = OrderFactory(
        cohort=None, workshop=workshop, unit_amount=60_000, list_unit_amount=60_000
    )
    client.force_login(VerifiedUserFactory(is_staff=True, is_superuser=True))
    index = client.get("/admin/payments/orders/").content.decode()
    assert "Creating Effective MVPs" in index
    form = client.get(f"/admin/payments/orders/refund/{order.pk}/")
    assert form.status_code == 200
    assert "Creating Effective MVPs · 1 ticket" in form.content.decode()
