"""A student finds the class's office hours from the header, RSVPs for the last place, sees
the join link once the session is 15 minutes away; a student of another class never sees it."""

import datetime as dt

import pytest

from django.utils import timezone

from coaching.sessions.models import LiveSession
from tests.browser.conftest import open_account_menu, screenshot
from tests.browser.test_kata_journey import sign_in
from tests.factories import CohortFactory, CoursePageFactory, EnrollmentFactory
from tests.factories.accounts import VerifiedUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOIN = "https://meet.example.com/office-hours-room"


def test_rsvp_then_join_from_fifteen_minutes_before(new_browser_page):
    course = CoursePageFactory(title="Product Management", slug="product-management")
    cohort = CohortFactory(course=course, name="November class", timezone="Europe/Berlin")
    other = CohortFactory(course=course, name="December class")
    student = VerifiedUserFactory(email="learner@example.com", first_name="Lea")
    EnrollmentFactory(user=student, cohort=cohort)
    outsider = VerifiedUserFactory(email="outsider@example.com", first_name="Otto")
    EnrollmentFactory(user=outsider, cohort=other)
    start = timezone.now().replace(microsecond=0) + dt.timedelta(minutes=40)
    session = LiveSession.objects.create(
        cohort=cohort,
        kind="office_hours",
        title="Office hours with Carla",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        join_url=JOIN,
        rsvp_required=True,
        capacity=1,
    )

    page = new_browser_page()
    sign_in(page, student)
    open_account_menu(page)
    page.get_by_role("link", name="Live sessions").click()
    page.get_by_role("link", name="Office hours with Carla").click()
    assert page.get_by_test_id("join-later").is_visible()
    assert JOIN not in page.content()
    page.get_by_role("button", name="RSVP").click()
    assert page.get_by_test_id("rsvp-state").inner_text() == "You're going."
    assert page.get_by_test_id("places").inner_text() == "1 of 1 taken"
    screenshot(page, "live-session-rsvp")

    # Time passes: the session now starts in ten minutes.
    LiveSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() + dt.timedelta(minutes=10),
        ends_at=timezone.now() + dt.timedelta(minutes=70),
    )
    page.reload()
    assert page.get_by_test_id("join-link").get_attribute("href") == JOIN
    screenshot(page, "live-session-join")

    stranger = new_browser_page()
    sign_in(stranger, outsider)
    response = stranger.goto(f"/live-sessions/{session.pk}/")
    assert response.status == 404
    stranger.goto("/live-sessions/")
    assert "Office hours with Carla" not in stranger.content() and JOIN not in stranger.content()
