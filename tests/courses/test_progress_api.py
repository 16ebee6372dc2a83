"""Marking lessons done through the API, and the dashboard API, under the one access policy."""

import pytest

from django.utils import timezone

from courses.models import Enrollment, EnrollmentStatus, LessonProgress, ReleaseSource, WeekRelease
from courses.progress import dashboard_load

from .release_helpers import release_school

pytestmark = pytest.mark.django_db


def progress_url(lesson) -> str:
    return f"/api/v1/lessons/{lesson.pk}/progress/"


def open_weeks(cohort, *numbers):
    for number in numbers:
        WeekRelease.objects.create(
            cohort=cohort,
            week_number=number,
            released_at=timezone.now(),
            source=ReleaseSource.STAFF,
        )


def test_mark_done_and_undone_returns_week_and_course_progress(client):
    school = release_school(students=1)
    open_weeks(school.cohort, 1)
    enrollment = school.enrollments[0]
    client.force_login(enrollment.user)
    first, second = school.lessons[1]

    response = client.post(progress_url(first))
    assert response.status_code == 200
    body = response.json()
    assert body["done"] is True and body["enrollment_id"] == enrollment.pk
    assert body["week_number"] == 1
    assert body["week_progress"] == {"done": 1, "total": 2, "percent": 50}
    assert body["course_progress"] == {"done": 1, "total": 6, "percent": 17}
    assert body["continue_lesson"]["id"] == second.pk
    assert response["Cache-Control"] == "private, no-store"

    assert client.post(progress_url(first)).json()["course_progress"]["done"] == 1  # idempotent
    assert LessonProgress.objects.filter(enrollment=enrollment).count() == 1

    response = client.delete(progress_url(first))
    assert response.status_code == 200
    assert response.json()["done"] is False
    assert response.json()["week_progress"] == {"done": 0, "total": 2, "percent": 0}
    assert not LessonProgress.objects.exists()


def test_a_week_not_released_yet_is_refused_with_its_date(client):
    school = release_school(students=1)
    client.force_login(school.enrollments[0].user)
    response = client.post(progress_url(school.lessons[2][0]))
    assert response.status_code == 403
    body = response.json()
    assert body["detail"] == "This week has not opened for your class yet."
    assert body["access"]["reason"] == "not_released_yet"
    assert body["access"]["available_at"].startswith("2026-03-09T08:00:00")
    assert not LessonProgress.objects.exists()


@pytest.mark.parametrize(
    ("viewer", "reason", "detail"),
    [
        ("anonymous", "anonymous", "Sign in or enrol in a class to open this lesson."),
        ("unenrolled", "not_enrolled", "This lesson is for students of a class. Enrol to open it."),
        ("refunded", "revoked", "Your enrollment has ended, so this lesson is closed to you."),
        ("editor", "staff_preview", "Only students of a class can mark a lesson done."),
    ],
)
def test_people_without_a_place_are_refused_with_the_policy_reason(
    school, client, viewer, reason, detail
):
    if school.users[viewer] is not None:
        client.force_login(school.users[viewer])
    for method in (client.post, client.delete):
        response = method(progress_url(school.lesson1))
        assert response.status_code == 403
        assert response.json()["detail"] == detail
        assert response.json()["access"]["reason"] == reason
    assert not LessonProgress.objects.exists()


def test_an_unknown_or_unpublished_lesson_is_not_found(school, client):
    client.force_login(school.users["enrolled"])
    assert client.post("/api/v1/lessons/999999/progress/").status_code == 404
    school.lesson1.unpublish()
    assert client.post(progress_url(school.lesson1)).status_code == 404
    assert not LessonProgress.objects.exists()


def test_dashboard_api_shows_what_the_dashboard_page_shows(client):
    school = release_school(students=1)
    open_weeks(school.cohort, 1, 2)
    enrollment = school.enrollments[0]
    client.force_login(enrollment.user)
    client.post(progress_url(school.lessons[1][0]))
    client.post(progress_url(school.lessons[1][1]))

    response = client.get("/api/v1/me/dashboard/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    (item,) = response.json()["classes"]
    assert item["enrollment_id"] == enrollment.pk
    assert (
        item["cohort"]["name"] == "March class" and item["course"]["slug"] == "product-management"
    )
    assert item["progress"] == {"done": 2, "total": 6, "percent": 33}
    assert item["continue_lesson"]["id"] == school.lessons[2][0].pk
    assert item["continue_lesson"]["url"] == school.lessons[2][0].url
    assert item["certificate"] is None
    weeks = item["weeks"]
    assert [w["number"] for w in weeks] == list(range(1, 11))
    assert weeks[0]["progress"] == {"done": 2, "total": 2, "percent": 100}
    assert weeks[1]["available"] is True and weeks[1]["progress"]["done"] == 0
    assert weeks[2]["available"] is False and weeks[2]["released_at"] is None
    assert weeks[2]["due_at"].startswith("2026-03-16T08:00:00")
    assert [lesson["done"] for lesson in weeks[0]["lessons"]] == [True, True]
    assert weeks[3]["title"] is None and weeks[3]["lessons"] == []  # no page for week 4 yet

    page = client.get("/dashboard/").content.decode()
    assert "2 of 6 lessons done (33%)" in page
    assert (
        'aria-label="Week 1 progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow="100"'
        in page
    )
    assert f"Continue: {school.lessons[2][0].title}" in page
    (loaded,) = dashboard_load(user=enrollment.user, now=timezone.now())
    assert (loaded.done, loaded.total, loaded.percent) == (2, 6, 33)


def test_finishing_through_the_api_links_the_certificate(client):
    school = release_school(students=1)
    open_weeks(school.cohort, 1, 2, 3)
    client.force_login(school.enrollments[0].user)
    for lessons in school.lessons.values():
        for lesson in lessons:
            assert client.post(progress_url(lesson)).status_code == 200
    (item,) = client.get("/api/v1/me/dashboard/").json()["classes"]
    assert item["progress"]["percent"] == 100 and item["continue_lesson"] is None
    certificate = item["certificate"]
    assert certificate["valid"] is True
    assert certificate["url"].endswith(f"/certificates/{certificate['code']}/")
    assert client.get(certificate["pdf_url"]).status_code == 200


def test_dashboard_api_lists_only_active_classes_and_needs_sign_in(school, client):
    assert client.get("/api/v1/me/dashboard/").status_code == 401
    client.force_login(school.users["refunded"])
    assert client.get("/api/v1/me/dashboard/").json() == {"classes": []}
    student = school.users["enrolled"]
    client.force_login(student)
    (item,) = client.get("/api/v1/me/dashboard/").json()["classes"]
    active = Enrollment.objects.get(user=student, status=EnrollmentStatus.ACTIVE)
    assert item["enrollment_id"] == active.pk


def test_the_openapi_schema_documents_both_endpoints(client, db):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    progress = schema["paths"]["/api/v1/lessons/{lesson_id}/progress/"]
    assert set(progress) >= {"post", "delete"}
    assert set(progress["post"]["responses"]) == {"200", "401", "403", "404"}
    assert "/api/v1/me/dashboard/" in schema["paths"]
