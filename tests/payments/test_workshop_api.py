"""``GET /api/v1/payments/workshops/<id>/``: a workshop and how many tickets are left; the
demo's workshops, loaded once."""

import pytest

from demo.workshops import seed_workshops
from engine.capacity.services import hold_place
from payments.models import WorkshopPage
from tests.factories import TicketFactory, WorkshopFactory, editorial_home

pytestmark = pytest.mark.django_db


def test_the_api_says_how_many_tickets_are_left(client):
    workshop = WorkshopFactory(title="Creating Effective MVPs", capacity=20)
    TicketFactory(workshop=workshop, quantity=4)
    hold_place(target=workshop, reference="order:1", places=1, expires_at=None)
    body = client.get(f"/api/v1/payments/workshops/{workshop.pk}/").json()
    assert body["title"] == "Creating Effective MVPs"
    assert (body["capacity"], body["tickets_left"], body["sold_out"]) == (20, 15, False)
    assert body["unit_amount"] == 60_000 and body["currency"] == "usd"
    assert "venue" not in body and "online_url" not in body


def test_a_sold_out_workshop_and_an_unknown_one(client):
    workshop = WorkshopFactory(capacity=2)
    TicketFactory(workshop=workshop, quantity=2)
    body = client.get(f"/api/v1/payments/workshops/{workshop.pk}/").json()
    assert (body["tickets_left"], body["sold_out"]) == (0, True)
    assert client.get("/api/v1/payments/workshops/999999/").status_code == 404


def test_the_demo_workshops_load_once():
    editorial_home()
    lines: list[str] = []
    seed_workshops(lines.append)
    assert lines == ["created the Workshops page", "created 2 workshops"]
    mvps = WorkshopPage.objects.get(slug="creating-effective-mvps")
    assert (mvps.capacity, mvps.live) == (20, True)
    again: list[str] = []
    seed_workshops(again.append)
    assert again == ["kept the workshops"]
    assert WorkshopPage.objects.count() == 2
