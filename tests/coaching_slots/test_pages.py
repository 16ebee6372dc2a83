"""The student's 1:1 coaching page and the coach's slots page."""

import datetime as dt

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching.slots.models import CoachingBooking, CoachingSlot
from coaching.slots.services import booking_create, slot_publish
from tests.coaching_slots.conftest import executive, standard

pytestmark = pytest.mark.django_db


def test_an_executive_books_from_the_page(setup, client):
    _, slots = setup
    student = executive()
    client.force_login(student)
    page = client.get("/coaching/sessions/").content.decode()
    assert "You have <strong>2</strong> of 2 sessions left." in page
    assert page.count("Book this slot") == 3
    response = client.post(f"/coaching/sessions/slots/{slots[0].pk}/book/", {"topic": "Roadmaps"})
    assert response.status_code == 302
    page = client.get("/coaching/sessions/").content.decode()
    assert "Booked: 1:1 coaching with" in page
    assert "You have <strong>1</strong> of 2 sessions left." in page
    booking = CoachingBooking.objects.get()
    ics = client.get(f"/coaching/sessions/bookings/{booking.pk}/calendar.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content


def test_a_standard_student_is_told_sessions_are_not_in_their_tier(setup, client):
    _, slots = setup
    client.force_login(standard())
    page = client.get("/coaching/sessions/").content.decode()
    assert "your enrollment does not include them" in page
    assert "Book this slot" not in page
    client.post(f"/coaching/sessions/slots/{slots[0].pk}/book/")
    assert not CoachingBooking.objects.exists()


def test_cancel_inside_24_hours_shows_the_reason(setup, client):
    coach, _ = setup
    soon = slot_publish(coach=coach, starts_at=timezone.now() + dt.timedelta(hours=5), minutes=30)
    student = executive()
    booking = booking_create(user=student, slot=soon)
    client.force_login(student)
    response = client.post(f"/coaching/sessions/bookings/{booking.pk}/cancel/", follow=True)
    assert "up to 24 hours before" in response.content.decode()


def test_the_coach_publishes_slots_and_sees_bookings(setup, client):
    coach, slots = setup
    booking_create(user=executive(), slot=slots[0], topic="Hiring a PM")
    client.force_login(coach.user)
    page = client.get("/coaching/sessions/coach/").content.decode()
    assert "Booked" in page and "Hiring a PM" in page
    start = (timezone.now() + dt.timedelta(days=9)).strftime("%Y-%m-%dT10:00")
    response = client.post(
        "/coaching/sessions/coach/",
        {"starts_at": start, "minutes": "60", "time_zone": "Europe/Berlin"},
    )
    assert response.status_code == 302
    newest = CoachingSlot.objects.order_by("-starts_at").first()
    assert newest.starts_at.astimezone(dt.UTC).hour in (8, 9)  # 10:00 Berlin
    bad = client.post(
        "/coaching/sessions/coach/", {"starts_at": start, "minutes": "60", "time_zone": "Mars"}
    )
    assert bad.status_code == 400
    assert "Mars&#x27; is not a time zone" in bad.content.decode()


def test_a_student_cannot_open_the_coach_page(setup, client):
    client.force_login(executive())
    assert client.get("/coaching/sessions/coach/").status_code == 404


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_cost_the_same_queries_at_ten_times_the_slots(setup, client):
    coach, slots = setup
    student = executive()
    booking_create(user=student, slot=slots[0])
    client.force_login(student)
    student_small = _queries(client, "/coaching/sessions/")
    client.force_login(coach.user)
    coach_small = _queries(client, "/coaching/sessions/coach/")
    start = timezone.now() + dt.timedelta(days=20)
    for i in range(27):
        slot = slot_publish(coach=coach, starts_at=start + dt.timedelta(hours=i), minutes=60)
        if i % 3 == 0:
            booking_create(user=executive(), slot=slot)
    client.force_login(student)
    assert _queries(client, "/coaching/sessions/") == student_small
    client.force_login(coach.user)
    assert _queries(client, "/coaching/sessions/coach/") == coach_small


def test_times_show_on_the_students_class_clock_and_the_coachs_own(
    db, client, mailoutbox, django_capture_on_commit_callbacks
):
    """A slot published at 09:00 in New York is 15:00 for a student of a Berlin class (page
    and email), and stays 09:00 on the coach's page."""
    from zoneinfo import ZoneInfo

    from tests.coaching_slots.conftest import tier_sessions
    from tests.factories import CoachFactory, CohortFactory, UserFactory

    tier_sessions(2)
    coach = CoachFactory(user=UserFactory(first_name="Grace", last_name="Coach"))
    day = timezone.localdate() + dt.timedelta(days=10)
    starts = dt.datetime.combine(day, dt.time(9, 0), tzinfo=ZoneInfo("America/New_York"))
    slot = slot_publish(coach=coach, starts_at=starts, minutes=60, time_zone="America/New_York")
    berlin = CohortFactory(
        timezone="Europe/Berlin", start_date=timezone.now().date() - dt.timedelta(days=3)
    )
    student = executive(berlin)

    client.force_login(student)
    page = client.get("/coaching/sessions/").content.decode()
    assert "15:00" in page and "09:00" not in page
    assert "(Europe/Berlin)" in page

    with django_capture_on_commit_callbacks(execute=True):
        with_email = client.post(f"/coaching/sessions/slots/{slot.pk}/book/", follow=True)
    assert "15:00" in with_email.content.decode()
    booked = next(m for m in mailoutbox if "Booked" in m.subject)
    assert "15:00" in booked.body and "15:00" in booked.alternatives[0][0]

    client.force_login(coach.user)
    coach_page = client.get("/coaching/sessions/coach/").content.decode()
    assert "09:00" in coach_page and "EST" in coach_page
