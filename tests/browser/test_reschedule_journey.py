"""Staff reschedule a class (preview, then confirm) and move a student to another class from
the Wagtail admin, in Chromium; both land in the class's "Changes" list."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from django.urls import reverse
from django.utils import timezone

from courses.models import Enrollment, EnrollmentStatus
from tests.browser.conftest import screenshot
from tests.factories import (
    CohortFactory,
    CoursePageFactory,
    EnrollmentFactory,
    WeekPageFactory,
    WeekReleaseFactory,
)
from tests.factories.accounts import DEFAULT_PASSWORD, VerifiedUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def close_date_picker(page) -> None:
    """The calendar Wagtail opens under the field covers the buttons below it; a person would
        pick a day or click away, a typed date needs neither, so the test puts it away (and presses
    the button by its click event: the picker comes back when the field loses focus)."""
    page.locator(".xdsoft_datetimepicker").evaluate_all(
        "pickers => pickers.forEach(picker => { picker.style.display = 'none'; })"
    )


def test_staff_reschedule_and_transfer_from_the_admin(browser_page):
    course = CoursePageFactory(title="Product Management", slug="product-management")
    WeekPageFactory(parent=course, number=1, title="The product role", slug="week-1")
    today = timezone.now().date()
    current = CohortFactory(
        course=course, name="Current class", start_date=today - dt.timedelta(days=3)
    )
    WeekReleaseFactory(cohort=current, week_number=1)
    closes = timezone.now() + dt.timedelta(days=18)
    later = CohortFactory(
        course=course,
        name="Next class",
        start_date=today + dt.timedelta(days=20),
        enrollment_closes_at=closes,
    )
    student = EnrollmentFactory(cohort=current).user
    staff = VerifiedUserFactory(email="staff@example.com", is_staff=True, is_superuser=True)

    page = browser_page
    page.goto("/admin/login/")
    page.fill("input[name=username]", staff.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    # The date picker works: no script error, and focusing the field opens the calendar.
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(reverse("cohort:reschedule", args=[current.pk]))
    page.locator("input[name=start_date]").click()
    expect(page.locator(".xdsoft_datetimepicker").first).to_be_visible()
    assert not [e for e in errors if "initDateChooser" in e], errors
    screenshot(page, "admin-reschedule-date-picker")

    # A start date that would put the released week 1 in the future is refused, named.
    page.goto(reverse("cohort:reschedule", args=[current.pk]))
    page.fill("input[name=start_date]", (today + dt.timedelta(days=7)).isoformat())
    close_date_picker(page)
    page.get_by_role("button", name="Preview the new dates").dispatch_event("click")
    expect(page.get_by_text(re.compile("Week 1 is already released")).first).to_be_visible()
    screenshot(page, "admin-reschedule-refused")

    # The next class moves a week later: preview every week, then confirm.
    new_start = later.start_date + dt.timedelta(days=7)
    page.goto(reverse("cohort:reschedule", args=[later.pk]))
    page.fill("input[name=start_date]", new_start.isoformat())
    close_date_picker(page)
    page.get_by_role("button", name="Preview the new dates").dispatch_event("click")
    expect(page.get_by_test_id("reschedule-preview").locator("tbody tr")).to_have_count(10)
    expect(page.get_by_test_id("reschedule-enrollment")).to_contain_text("Enrollment closes")
    screenshot(page, "admin-reschedule-preview")
    page.get_by_role("button", name=re.compile("^Confirm: start on")).click()
    page.wait_for_url(f"**{reverse('cohort:changes', args=[later.pk])}")
    expect(page.get_by_text(re.compile("Next class now starts on"))).to_be_visible()
    assert "Rescheduled" in page.get_by_test_id("cohort-changes").inner_text()
    later.refresh_from_db()
    assert later.start_date == new_start
    # A week later at the same local time (within the hour a DST change could add or take).
    assert abs(later.enrollment_closes_at - closes - dt.timedelta(days=7)) <= dt.timedelta(hours=1)

    # Move the student from the current class to the next one.
    enrollment = Enrollment.objects.get(user=student)
    page.goto(reverse("enrollment:transfer", args=[enrollment.pk]))
    page.get_by_label("Move to cohort").select_option(value=str(later.pk))
    screenshot(page, "admin-transfer")
    page.get_by_role("button", name="Transfer").click()
    page.wait_for_url(re.compile(r"/admin/enrollment/edit/\d+/$"))
    expect(page.get_by_text(re.compile("moved from Current class to Next class"))).to_be_visible()
    new = Enrollment.objects.get(user=student, status=EnrollmentStatus.ACTIVE)
    assert new.cohort == later

    page.goto(reverse("cohort:changes", args=[later.pk]))
    changes = page.get_by_test_id("cohort-changes").inner_text()
    assert f"{student.email} joined from Current class" in changes
    screenshot(page, "admin-cohort-changes")
