"""Progress, dashboard, certificates and the calendar feed."""

import io

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from django.utils import timezone

from courses.models import CertificateStatus, LessonProgress, ReleaseSource, WeekRelease
from courses.services import enrollment_revoke
from courses.tokens import calendar_token
from tests.factories import EnrollmentFactory
from tests.factories.accounts import DEFAULT_PASSWORD

from .release_helpers import release_school

pytestmark = pytest.mark.django_db


def open_weeks(school, *numbers):
    for number in numbers:
        WeekRelease.objects.create(
            cohort=school.cohort,
            week_number=number,
            released_at=timezone.now(),
            source=ReleaseSource.STAFF,
        )


def signed_in(client, enrollment):
    client.login(email=enrollment.user.email, password=DEFAULT_PASSWORD)
    return client


def test_mark_done_moves_the_dashboard_bar(client):
    school = release_school(students=1)
    open_weeks(school, 1)
    client = signed_in(client, school.enrollments[0])
    lesson = school.lessons[1][0]
    assert 'aria-valuenow="0"' in client.get("/dashboard/").content.decode()
    response = client.post(f"/lessons/{lesson.pk}/progress/", {"done": "1"})
    assert response.status_code == 302
    page = client.get("/dashboard/").content.decode()
    assert "1 of 6 lessons done (17%)" in page
    assert "Continue: Lesson 1.2" in page
    client.post(f"/lessons/{lesson.pk}/progress/", {"done": "0"})
    assert not LessonProgress.objects.exists()


def test_an_unreleased_lesson_cannot_be_marked_done(client):
    school = release_school(students=1)
    client = signed_in(client, school.enrollments[0])
    response = client.post(f"/lessons/{school.lessons[2][0].pk}/progress/", {"done": "1"})
    assert response.status_code == 403
    assert not LessonProgress.objects.exists()


def test_finishing_issues_a_verifiable_certificate_revoked_on_refund(client):
    school = release_school(students=1)
    open_weeks(school, 1, 2, 3)
    enrollment = school.enrollments[0]
    client = signed_in(client, enrollment)
    for lessons in school.lessons.values():
        for lesson in lessons:
            client.post(f"/lessons/{lesson.pk}/progress/", {"done": "1"})
    certificate = enrollment.certificate
    client.logout()
    page = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert "Valid" in page and "Product Management" in page and "March class" in page
    assert certificate.holder_name and enrollment.user.email not in page
    pdf = client.get(f"/certificates/{certificate.code}/pdf/")
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert certificate.holder_name in text
    enrollment_revoke(enrollment=enrollment)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert "Revoked" in client.get(f"/certificates/{certificate.code}/").content.decode()
    assert client.get(f"/certificates/{certificate.code}/pdf/").status_code == 404


def test_calendar_feed_parses_with_a_stable_uid_per_week(client):
    school = release_school(students=1)
    user = school.enrollments[0].user
    response = client.get(f"/calendar/{calendar_token(user_id=user.pk)}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 10
    assert str(events[0]["UID"]) == f"cohort-{school.cohort.pk}-week-1@institute"
    assert events[0].decoded("DTSTART").isoformat() == "2026-03-02T08:00:00+00:00"
    assert client.get("/calendar/forged.ics").status_code == 404


@pytest.mark.parametrize("scale", [1, 10])
def test_dashboard_queries_do_not_grow_with_data(
    client, scale, django_assert_max_num_queries, rendering
):
    school = release_school(students=scale)
    open_weeks(school, 1, 2)
    for enrollment in school.enrollments:
        for lesson in school.lessons[1]:
            LessonProgress.objects.create(
                enrollment=enrollment, lesson=lesson, completed_at=timezone.now()
            )
    for _ in range(scale - 1):
        EnrollmentFactory(user=school.enrollments[0].user)  # more classes of other courses
    client = signed_in(client, school.enrollments[0])
    # A cold cache: the header's account-menu links (live sessions, 1:1 coaching, the circle,
    # coaching, team, ...) each ask once, then remember the answer for a few minutes; so do
    # "may they use the admin?" (cms.admin_access) and the courses' pages.
    with django_assert_max_num_queries(21):
        assert client.get("/dashboard/").status_code == 200


def test_mark_as_done_brings_the_reader_back_to_the_button_not_the_top(client):
    school = release_school(students=1)
    open_weeks(school, 1)
    client = signed_in(client, school.enrollments[0])
    lesson = school.lessons[1][0]
    page = client.get(lesson.url).content.decode()
    assert 'id="lesson-progress"' in page
    assert f'name="next" value="{lesson.url}#lesson-progress"' in page
    response = client.post(
        f"/lessons/{lesson.pk}/progress/", {"done": "1", "next": f"{lesson.url}#lesson-progress"}
    )
    assert response["Location"] == f"{lesson.url}#lesson-progress"
    # Without a "next" (or with one that has no anchor), the anchor is still added.
    response = client.post(f"/lessons/{lesson.pk}/progress/", {"done": "0", "next": lesson.url})
    assert response["Location"] == f"{lesson.url}#lesson-progress"
    response = client.post(f"/lessons/{lesson.pk}/progress/", {"done": "1"})
    assert response["Location"].endswith(f"{lesson.url}#lesson-progress")


def test_the_dashboard_names_the_email_preference_by_its_label(client):
    school = release_school(students=1)
    client = signed_in(client, school.enrollments[0])
    assert (
        "<strong>An email for each new week</strong>" in client.get("/dashboard/").content.decode()
    )
    client.post("/notifications/", {"mode": "digest"})
    page = client.get("/dashboard/").content.decode()
    assert "<strong>One weekly digest</strong>" in page
    assert "<strong>digest</strong>" not in page
