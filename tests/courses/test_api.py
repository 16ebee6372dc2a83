"""The courses API: a public outline, a student's calendar, and lessons behind the policy."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.dateparse import parse_datetime

from tests.factories import EnrollmentFactory


def test_the_outline_is_public_and_never_carries_lesson_bodies(school, client):
    response = client.get(f"/api/v1/courses/{school.course.slug}/outline/")
    assert response.status_code == 200
    data = response.json()
    assert [week["number"] for week in data["weeks"]] == [1, 2]
    lesson = data["weeks"][0]["lessons"][0]
    assert lesson["title"] == school.lesson1.title and lesson["url"] == school.lesson1.url
    assert "body" not in lesson
    assert "The private lesson text." not in response.content.decode()
    upcoming = {c["slug"]: c for c in data["upcoming_cohorts"]}
    assert list(upcoming) == [school.next_class.slug]  # the running class is no longer sold
    assert upcoming[school.next_class.slug]["seats_left"] == school.next_class.capacity - 1


def test_courses_list(school, client):
    data = client.get("/api/v1/courses/").json()
    assert [course["slug"] for course in data] == ["product-management"]


def test_my_cohorts_lists_each_week_with_its_dates(school, client):
    client.force_login(school.users["enrolled"])
    data = client.get("/api/v1/courses/me/cohorts/").json()
    assert len(data) == 1
    mine = data[0]
    assert mine["cohort"]["slug"] == school.current.slug
    assert mine["course"]["slug"] == "product-management"
    weeks = mine["weeks"]
    assert [w["number"] for w in weeks] == list(range(1, 11))
    assert weeks[0]["available"] and weeks[0]["released_at"]
    assert weeks[0]["title"] == "The product role"
    assert not weeks[1]["available"] and weeks[1]["released_at"] is None
    due = parse_datetime(weeks[1]["due_at"]).astimezone(ZoneInfo("America/New_York"))
    assert due.date() == school.current.start_date + dt.timedelta(days=7)
    assert (due.hour, due.minute) == (9, 0)
    assert weeks[2]["title"] is None  # no page for week 3 yet


def test_my_cohorts_leaves_out_ended_enrollments(school, client):
    client.force_login(school.users["refunded"])
    assert client.get("/api/v1/courses/me/cohorts/").json() == []


def test_my_cohorts_needs_a_signed_in_user(client, db):
    assert client.get("/api/v1/courses/me/cohorts/").status_code == 401


def test_my_cohorts_query_count_is_flat(school, client, django_assert_max_num_queries):
    for _ in range(5):
        EnrollmentFactory(user=school.users["enrolled"], cohort__course=school.course)
    client.force_login(school.users["enrolled"])
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/v1/courses/me/cohorts/").json()) == 6


def test_unpublished_lessons_are_not_found_for_students_but_editors_preview_files(school, client):
    lesson, files = school.lesson1, school.files1
    lesson.unpublish()
    client.force_login(school.users["enrolled"])
    assert client.get(f"/api/v1/courses/lessons/{lesson.pk}/").status_code == 404
    assert client.get(f"/lesson-files/{lesson.pk}/{files['takeaway'].pk}/").status_code == 404
    client.force_login(school.users["editor"])
    assert client.get(f"/lesson-files/{lesson.pk}/{files['takeaway'].pk}/").status_code == 302
