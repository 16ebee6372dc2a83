"""The workshop invitation is valid iCalendar: what the ticket holder reads in their calendar
app is what the workshop page says, however long or punctuated."""

import datetime as dt

import pytest
from icalendar import Calendar

from payments.workshops import workshop_ticket_ics
from tests.factories import TicketFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def test_the_invitation_parses_back_with_venue_link_and_times(settings):
    settings.SITE_URL = "https://school.example.com:8443"
    workshop = WorkshopFactory(
        title="Roadmaps, Outcomes; and a title long enough to be folded across lines ✓",
        venue="Institute studio\n120 Market Street, 4th floor",
        online_url="https://meet.example.com/roadmaps",
    )
    ticket = TicketFactory(workshop=workshop)
    now = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)

    body = workshop_ticket_ics(ticket=ticket, url="https://school.example.com/t/1/", now=now)

    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    calendar = Calendar.from_ical(body)
    assert str(calendar["METHOD"]) == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == workshop.title
    assert str(event["UID"]) == f"workshop-ticket-{ticket.pk}@school.example.com"
    assert str(event["LOCATION"]) == (
        "Institute studio 120 Market Street, 4th floor, https://meet.example.com/roadmaps"
    )
    assert str(event["DESCRIPTION"]).splitlines() == [
        workshop.summary,
        "",
        "Your ticket: https://school.example.com/t/1/",
        "Join online: https://meet.example.com/roadmaps",
    ]
    assert event.decoded("DTSTART") == workshop.starts_at
    assert event.decoded("DTEND") == workshop.ends_at
    assert event.decoded("DTSTAMP") == now
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_resent_invitation_keeps_its_uid():
    ticket = TicketFactory()
    first = Calendar.from_ical(workshop_ticket_ics(ticket=ticket, url="https://x.test/"))
    again = Calendar.from_ical(workshop_ticket_ics(ticket=ticket, url="https://x.test/"))
    assert first.walk("VEVENT")[0]["UID"] == again.walk("VEVENT")[0]["UID"]
