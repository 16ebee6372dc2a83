"""A coach publishes a 1:1 slot; an executive finds "1:1 coaching" in the account menu, books
it with a topic and gets the invitation; the coach sees the booking; a Standard student is
told sessions are not in their tier. In the browser."""

import datetime as dt

import pytest

from django.utils import timezone

from coaching.slots.models import CoachingBooking
from courses.models import EnrollmentTier
from tests.baseline import migrated_baseline
from tests.browser.conftest import open_account_menu, screenshot, sign_in
from tests.coaching_slots.conftest import tier_sessions
from tests.factories import CoachFactory, CohortFactory, EnrollmentFactory, VerifiedUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_executive_books_a_slot_the_coach_published(
    live_server, settings, new_browser_page, mailoutbox
):
    settings.SITE_URL = live_server.url
    migrated_baseline()
    tier_sessions(4)
    cohort = CohortFactory(start_date=timezone.now().date() - dt.timedelta(days=3))
    coach_user = VerifiedUserFactory(email="cora@example.com", first_name="Cora")
    CoachFactory(user=coach_user, name="Cora Coach")
    vera = VerifiedUserFactory(email="vera@example.com", first_name="Vera")
    EnrollmentFactory(user=vera, cohort=cohort, tier=EnrollmentTier.EXECUTIVE)
    sam = VerifiedUserFactory(email="sam@example.com", first_name="Sam")
    EnrollmentFactory(user=sam, cohort=cohort, tier=EnrollmentTier.STANDARD)

    coach_page = new_browser_page()
    sign_in(coach_page, coach_user.email)
    coach_page.goto("/coaching/sessions/coach/")
    start = (timezone.now() + dt.timedelta(days=3)).strftime("%Y-%m-%dT15:00")
    coach_page.get_by_label("Starts at").fill(start)
    coach_page.get_by_label("Time zone").fill("UTC")
    coach_page.get_by_role("button", name="Publish").click()
    assert coach_page.get_by_text("Slot published").is_visible()
    screenshot(coach_page, "coaching-coach-slots")

    page = new_browser_page()
    sign_in(page, vera.email)
    open_account_menu(page)
    page.get_by_role("link", name="1:1 coaching").click()
    assert "4</strong> of 4 sessions left" in page.get_by_test_id("credits").inner_html()
    screenshot(page, "coaching-sessions-open")
    page.get_by_label("What would you like to work on? (optional)").fill("Hiring my first PM")
    page.get_by_role("button", name="Book this slot").click()
    assert page.get_by_text("Booked: 1:1 coaching with Cora Coach").is_visible()
    assert "3</strong> of 4 sessions left" in page.get_by_test_id("credits").inner_html()
    assert "Hiring my first PM" in page.get_by_test_id("bookings").inner_text()
    screenshot(page, "coaching-sessions-booked")
    booking = CoachingBooking.objects.get(user=vera)
    assert any(m.to == [vera.email] and m.attachments[0][0] == "coaching.ics" for m in mailoutbox)

    coach_page.reload()
    assert "Hiring my first PM" in coach_page.get_by_test_id("coach-slots").inner_text()
    screenshot(coach_page, "coaching-coach-booked")

    sam_page = new_browser_page()
    sign_in(sam_page, sam.email)
    sam_page.goto("/coaching/sessions/")
    assert sam_page.get_by_text("your enrollment does not include them").is_visible()
    screenshot(sam_page, "coaching-sessions-standard")
    assert booking.status == "booked"


def test_an_executive_opens_the_circle_and_a_standard_student_cannot(
    live_server, settings, new_browser_page
):
    from courses.entitlements.models import EntitlementKind, TierEntitlement

    settings.SITE_URL = live_server.url
    migrated_baseline()
    TierEntitlement.objects.create(tier=EnrollmentTier.EXECUTIVE, kind=EntitlementKind.PEER_CIRCLE)
    cohort = CohortFactory(start_date=timezone.now().date() - dt.timedelta(days=3))
    vera = VerifiedUserFactory(email="vera@example.com", first_name="Vera")
    EnrollmentFactory(user=vera, cohort=cohort, tier=EnrollmentTier.EXECUTIVE)
    sam = VerifiedUserFactory(email="sam@example.com", first_name="Sam")
    EnrollmentFactory(user=sam, cohort=cohort, tier=EnrollmentTier.STANDARD)

    page = new_browser_page()
    sign_in(page, vera.email)
    open_account_menu(page)
    page.get_by_role("link", name="Executive circle").click()
    page.get_by_label("Title").fill("Board updates")
    page.get_by_label("Your post").fill("How do you report **outcomes** to your board?")
    page.get_by_role("button", name="Post").click()
    assert page.get_by_role("heading", name="Board updates").is_visible()
    assert "<strong>outcomes</strong>" in page.get_by_test_id("circle-posts").inner_html()
    screenshot(page, "circle-thread")
    page.get_by_role("link", name="Executive peer circle").click()
    screenshot(page, "circle-index")

    sam_page = new_browser_page()
    sign_in(sam_page, sam.email)
    sam_page.goto("/circle/")
    assert sam_page.get_by_text("comes with the Executive tier").is_visible()
    screenshot(sam_page, "circle-refused")
