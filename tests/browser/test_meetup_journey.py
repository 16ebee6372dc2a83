"""A student sets their city to New York, RSVPs to the New York meetup (its only place),
sees the venue, cancels; the next in line gets the place and the venue, in their browser."""

import pytest

from community.meetups.models import MemberProfile, Rsvp, RsvpStatus
from community.meetups.services import rsvp_create
from tests.baseline import migrated_baseline
from tests.browser.conftest import screenshot, sign_in
from tests.factories import CohortFactory, EnrollmentFactory, VerifiedUserFactory
from tests.meetups.conftest import make_meetup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def student(email: str, first_name: str):
    user = VerifiedUserFactory(email=email, first_name=first_name)
    EnrollmentFactory(user=user, cohort=CohortFactory())
    return user


def test_a_student_rsvps_cancels_and_the_next_in_line_gets_the_place(
    live_server, settings, new_browser_page, mailoutbox
):
    settings.SITE_URL = live_server.url
    migrated_baseline()
    meetup = make_meetup(capacity=1)
    sam = student("sam@example.com", "Sam")
    bob = student("bob@example.com", "Bob")
    page = new_browser_page()
    sign_in(page, sam.email)

    page.goto("/meetups/profile/")
    page.get_by_role("textbox", name="City").fill("New York")
    page.get_by_label("Tell me about meetups in my city").check()
    page.get_by_role("button", name="Save profile").click()
    assert page.get_by_text("Profile saved.").is_visible()
    screenshot(page, "meetup-profile")
    assert MemberProfile.objects.get(user=sam).city == "New York"

    page.goto("/meetups/")
    page.get_by_role("link", name=meetup.title).click()
    assert "Norfolk" not in page.content()
    page.get_by_role("button", name="RSVP").click()
    assert page.get_by_test_id("rsvp-state").get_by_text("You're going.").is_visible()
    assert "102 Norfolk St" in page.get_by_test_id("venue").inner_text()
    screenshot(page, "meetup-going")

    rsvp_create(meetup=meetup, user=bob)  # the meetup is full: Bob waits
    bob_page = new_browser_page()
    sign_in(bob_page, bob.email)
    bob_page.goto(f"/meetups/{meetup.pk}/")
    assert "on the waitlist" in bob_page.get_by_test_id("rsvp-state").inner_text()
    assert "Norfolk" not in bob_page.content()
    screenshot(bob_page, "meetup-waitlist")

    page.get_by_role("button", name="Cancel my RSVP").click()
    assert page.get_by_text("Your place goes to the next person in line").is_visible()
    assert "Norfolk" not in page.content()

    bob_page.reload()
    assert bob_page.get_by_test_id("rsvp-state").get_by_text("You're going.").is_visible()
    assert "102 Norfolk St" in bob_page.get_by_test_id("venue").inner_text()
    screenshot(bob_page, "meetup-promoted")
    assert Rsvp.objects.get(user=bob).status == RsvpStatus.GOING
    assert Rsvp.objects.get(user=sam).status == RsvpStatus.CANCELLED
    assert any(m.to == [bob.email] and "A place freed up" in m.subject for m in mailoutbox)
