"""The course pages are cached for speed, and nothing personal or locked ever leaks from it.

Anonymous readers get stored copies (``X-Page-Cache: hit``); signed-in readers get a fresh page
built from parts that are the same for everyone (route, breadcrumb, pager, rendered body) and
the access policy's answer for them. Publishing, releases, enrollment changes and refunds are
seen on the next request.
"""

import pytest

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

from cms.page_cache import HEADER
from cms.reader_cache import HEADER as READER_HEADER
from courses.models import EnrollmentStatus, WeekRelease
from tests.factories import EnrollmentFactory, LessonPageFactory, WeekReleaseFactory

BODY = "The private lesson text."

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response


def text(response) -> str:
    return response.content.decode()


def publish(page_obj, **changes):
    for name, value in changes.items():
        setattr(page_obj, name, value)
    page_obj.save_revision().publish()


@pytest.mark.parametrize("which", ["locked lesson", "week", "course", "home"])
def test_anonymous_pages_are_cache_hits_without_queries(school, which):
    url = {
        "locked lesson": school.lesson1.url,
        "week": school.week1.url,
        "course": school.course.url,
        "home": "/",
    }[which]
    anonymous = client_for(None)
    first = page(anonymous, url)
    with CaptureQueriesContext(connection) as queries:
        second = page(anonymous, url)
    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert len(queries) == 0
    assert second.content == first.content
    assert second.get("Cache-Control") == first.get("Cache-Control")


def test_anonymous_locked_copy_has_no_body(school):
    anonymous = client_for(None)
    page(anonymous, school.lesson1.url)
    hit = page(anonymous, school.lesson1.url)
    assert hit[HEADER] == "hit"
    assert BODY not in text(hit) and "Sign in" in text(hit)


def test_a_students_page_is_never_stored_nor_served_to_others(school):
    student = client_for(school.users["enrolled"])
    mine = page(student, school.lesson1.url)
    again = page(student, school.lesson1.url)
    assert BODY in text(mine) and BODY in text(again)
    assert HEADER not in mine and HEADER not in again
    assert "private" in mine["Cache-Control"]

    for viewer in ("anonymous", "unenrolled", "other_cohort", "refunded"):
        response = page(client_for(school.users[viewer]), school.lesson1.url)
        assert BODY not in text(response), viewer
        assert school.users["enrolled"].email not in text(response), viewer


def test_a_cached_locked_copy_is_never_served_to_a_student(school):
    anonymous = client_for(None)
    page(anonymous, school.lesson1.url)
    assert page(anonymous, school.lesson1.url)[HEADER] == "hit"

    response = page(client_for(school.users["enrolled"]), school.lesson1.url)
    assert HEADER not in response
    assert BODY in text(response)


def test_a_signed_in_page_shows_who_is_signed_in(school):
    """The route and parts are shared; the page itself is per reader (header, menu links)."""
    first, second = school.users["enrolled"], school.users["unenrolled"]
    page(client_for(first), school.lesson1.url)
    response = page(client_for(second), school.lesson1.url)
    assert second.email in text(response) and first.email not in text(response)


def test_publishing_the_lesson_is_seen_on_the_next_request(
    school, django_capture_on_commit_callbacks
):
    anonymous, student = client_for(None), client_for(school.users["enrolled"])
    page(anonymous, school.lesson1.url)
    page(student, school.lesson1.url)
    lesson = school.lesson1.specific
    body = list(lesson.body.raw_data)
    body[0] = {**body[0], "value": "<p>The second edition of the lesson.</p>"}

    with django_capture_on_commit_callbacks(execute=True):
        publish(lesson, title="A renamed lesson", body=body)

    assert "A renamed lesson" in text(page(anonymous, lesson.url))
    response = page(student, lesson.url)
    assert "A renamed lesson" in text(response)
    assert "The second edition of the lesson." in text(response) and BODY not in text(response)


def test_publishing_the_course_renames_the_lesson_breadcrumb(
    school, django_capture_on_commit_callbacks
):
    student = client_for(school.users["enrolled"])
    page(student, school.lesson1.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish(school.course.specific, title="Product Leadership")
    assert "Product Leadership" in text(page(student, school.lesson1.url))
    assert "Product Leadership" in text(page(client_for(None), school.lesson1.url))


def test_publishing_a_lesson_in_the_next_week_updates_the_pager(
    school, django_capture_on_commit_callbacks
):
    student = client_for(school.users["enrolled"])
    page(student, school.lesson1.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish(school.lesson2.specific, title="Outcomes, second take")
    assert "Outcomes, second take" in text(page(student, school.lesson1.url))


def test_a_release_is_seen_on_the_next_request(school):
    student = client_for(school.users["enrolled"])
    before = page(student, school.lesson2.url)
    assert BODY not in text(before)

    WeekReleaseFactory(cohort=school.current, week_number=2)

    assert BODY in text(page(student, school.lesson2.url))


def test_an_enrollment_is_seen_on_the_next_request(school):
    newcomer = school.users["unenrolled"]
    client = client_for(newcomer)
    assert BODY not in text(page(client, school.lesson1.url))

    EnrollmentFactory(user=newcomer, cohort=school.current)

    assert BODY in text(page(client, school.lesson1.url))


def test_a_refund_is_seen_on_the_next_request(school):
    student = school.users["enrolled"]
    client = client_for(student)
    assert BODY in text(page(client, school.lesson1.url))

    student.enrollments.update(status=EnrollmentStatus.REFUNDED)

    response = page(client, school.lesson1.url)
    assert BODY not in text(response) and "closed" in text(response)


def test_a_release_withdrawn_closes_the_body_again(school):
    client = client_for(school.users["enrolled"])
    assert BODY in text(page(client, school.lesson1.url))
    WeekRelease.objects.filter(cohort=school.current, week_number=1).delete()
    assert BODY not in text(page(client, school.lesson1.url))


def test_a_view_restriction_added_after_caching_is_enforced(
    school, django_capture_on_commit_callbacks
):
    anonymous, student = client_for(None), client_for(school.users["enrolled"])
    page(anonymous, school.lesson1.url)
    page(student, school.lesson1.url)

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=school.week1, restriction_type=PageViewRestriction.LOGIN
        )

    assert anonymous.get(school.lesson1.url).status_code == 302
    assert BODY in text(page(student, school.lesson1.url))


def test_unpublished_lesson_is_gone_on_the_next_request(school, django_capture_on_commit_callbacks):
    anonymous, student = client_for(None), client_for(school.users["enrolled"])
    page(anonymous, school.lesson1.url)
    page(student, school.lesson1.url)
    with django_capture_on_commit_callbacks(execute=True):
        school.lesson1.specific.unpublish()
    assert anonymous.get(school.lesson1.url).status_code == 404
    assert student.get(school.lesson1.url).status_code == 404


def test_staff_preview_is_never_stored(school):
    editor = client_for(school.users["editor"])
    response = page(editor, school.lesson2.url)
    assert BODY in text(response) and HEADER not in response
    assert BODY not in text(page(client_for(None), school.lesson2.url))


CLOSED_PORT_REDIS = {
    "default": {
        "BACKEND": "cms.cache_backends.ResilientRedisCache",
        # Nothing listens on port 1: every cache call fails at once (connection refused).
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@pytest.mark.parametrize(
    "viewer", ["anonymous", "enrolled", "unenrolled", "editor"], ids=lambda v: v
)
def test_a_cache_outage_gives_slower_pages_never_errors(school, viewer):
    client = client_for(school.users[viewer])
    with override_settings(CACHES=CLOSED_PORT_REDIS):
        for url in ("/", school.course.url, school.week1.url, school.lesson1.url, "/dashboard/"):
            if url == "/dashboard/" and viewer == "anonymous":
                continue
            for _ in range(2):
                response = client.get(url)
                assert response.status_code == 200, url
                assert response.get(HEADER) != "hit"  # nothing can come from a dead cache
                assert response.get(READER_HEADER) != "hit"  # nor a reader's own copy
        lesson = client.get(school.lesson1.url)
    assert (BODY in text(lesson)) == (viewer in ("enrolled", "editor"))


def test_seat_counts_may_lag_at_most_thirty_seconds(school, settings):
    """The anonymous course page shows seats left: its copy lives 30 s, not PAGE_CACHE_SECONDS."""
    from django.core.cache import cache

    from cms.page_cache import _entry_key

    settings.PAGE_CACHE_SECONDS = 600
    anonymous = client_for(None)
    page(anonymous, school.course.url)
    request = anonymous.get(school.course.url).wsgi_request
    key = cache.make_and_validate_key(_entry_key(request))
    if hasattr(cache, "_expire_info"):  # locmem
        ttl = cache._expire_info[key] - timezone.now().timestamp()
    else:  # redis
        ttl = cache._cache.get_client(key).ttl(key)
    assert 0 < ttl <= 30


def test_the_dashboard_sees_a_lesson_published_added_or_unpublished_on_the_next_request(
    school, django_capture_on_commit_callbacks
):
    """The dashboard remembers each course's weeks and lessons (courses.progress.courses_pages):
    a rename, a new lesson and an unpublished one are each seen on the next read."""
    student = client_for(school.users["enrolled"])

    def lesson_titles() -> list[str]:
        body = student.get("/api/v1/me/dashboard/").json()
        return [
            lesson["title"]
            for item in body["classes"]
            for week in item["weeks"]
            for lesson in week["lessons"]
        ]

    assert "A lesson renamed" not in lesson_titles()
    page(student, "/dashboard/")
    with django_capture_on_commit_callbacks(execute=True):
        publish(school.lesson1.specific, title="A lesson renamed")
    assert "A lesson renamed" in lesson_titles()
    assert "A lesson renamed" in text(page(student, "/dashboard/"))

    added = LessonPageFactory(parent=school.week1, title="A lesson added", live=False)
    assert "A lesson added" not in lesson_titles()  # a draft
    with django_capture_on_commit_callbacks(execute=True):
        publish(added)
    assert "A lesson added" in lesson_titles()

    added.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        added.unpublish()
    assert "A lesson added" not in lesson_titles()


def test_the_lesson_apis_remembered_body_is_never_served_past_the_policy_and_follows_publish(
    school, django_capture_on_commit_callbacks
):
    url = f"/api/v1/courses/lessons/{school.lesson1.pk}/"
    student = client_for(school.users["enrolled"])
    assert BODY in text(page(student, url))  # remembered now
    for viewer in ("unenrolled", "anonymous"):
        refused = client_for(school.users[viewer]).get(url)
        assert refused.status_code in (401, 403) and BODY not in text(refused), viewer

    lesson = school.lesson1.specific
    body = list(lesson.body.raw_data)
    body[0] = {**body[0], "value": "<p>The API's second edition.</p>"}
    with django_capture_on_commit_callbacks(execute=True):
        publish(lesson, body=body)
    again = text(page(student, url))
    assert "The API's second edition." in again and BODY not in again
