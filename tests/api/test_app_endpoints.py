"""What an app needs from the API, signed in with allauth's app session token
(issue 12, items 8 and 10): every endpoint answers the token, without cookies or CSRF."""

from urllib.parse import urlencode

import pytest

from django.test import Client
from django.utils import timezone

from community.discussions.models import Post, Thread
from courses.models import Certificate, NotificationMode, NotificationPreference
from engine.capacity.models import WaitlistEntry, WaitlistStatus
from payments.teams import team_invite
from tests.api.support import app_session_token, assert_error_shape
from tests.factories import (
    CoursePageFactory,
    EnrollmentFactory,
    LessonPageFactory,
    VerifiedUserFactory,
    WeekPageFactory,
)
from tests.factories.payments import OrderFactory, on_sale_cohort, team_with_pool
from tests.factories.workshops import WorkshopFactory
from tests.payments.waitlist_support import sold_out_cohort

pytestmark = pytest.mark.django_db

API = "/api/v1"


class AppClient:
    """An app: no cookies kept between calls, CSRF enforced, the token in every request."""

    def __init__(self, token: str) -> None:
        self.token = token

    def _client(self) -> Client:
        return Client(enforce_csrf_checks=True)

    def call(self, method: str, path: str, data=None):
        kwargs = {"HTTP_X_SESSION_TOKEN": self.token}
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        return getattr(self._client(), method)(path, **kwargs)

    def get(self, path):
        return self.call("get", path)

    def post(self, path, data=None):
        return self.call("post", path, data if data is not None else {})

    def put(self, path, data):
        return self.call("put", path, data)

    def patch(self, path, data):
        return self.call("patch", path, data)

    def delete(self, path):
        return self.call("delete", path)


@pytest.fixture
def student():
    return VerifiedUserFactory(email="ada@example.com", first_name="Ada")


@pytest.fixture
def app(student):
    return AppClient(app_session_token(student))


@pytest.fixture
def school(student):
    """One of everything the student may look at: class, lesson, order, team, certificate."""
    cohort = on_sale_cohort(slug="april-2027")
    enrollment = EnrollmentFactory(user=student, cohort=cohort)
    course = CoursePageFactory()
    lesson = LessonPageFactory(parent=WeekPageFactory(parent=course, number=1))
    order = OrderFactory(buyer=student, cohort=cohort)
    team = team_with_pool(owner=student, cohort=cohort, seats_total=3)
    invitation = team_invite(team=team, actor=student, email="bob@example.com")
    certificate = Certificate.objects.create(
        enrollment=enrollment,
        holder_name="Ada",
        course_title="Product Management",
        cohort_name="April 2027",
        issued_at=timezone.now(),
    )
    workshop = WorkshopFactory()
    return {
        "cohort": cohort,
        "lesson": lesson,
        "order": order,
        "team": team,
        "invitation": invitation,
        "certificate": certificate,
        "workshop": workshop,
        "course": course,
    }


def test_every_read_endpoint_answers_the_app_token(client, app, school, student):
    schema = client.get(f"{API}/schema/", {"format": "json"}).json()
    values = {
        "{id}": {
            "orders": school["order"].pk,
            "teams": school["team"].pk,
            "workshops": school["workshop"].pk,
        },
        "{slug}": school["course"].slug,
        "{lesson_id}": school["lesson"].pk,
    }
    # A discussion the student cannot read: the lesson is not in their class's course.
    thread = Thread.objects.create(
        cohort=school["cohort"], lesson=school["lesson"], author=student, title="Hello"
    )
    post = Post.objects.create(thread=thread, author=student, body="Words")
    discussion_ids = {
        "{cohort_id}": school["cohort"].pk,
        "{thread_id}": thread.pk,
        "{post_id}": post.pk,
    }
    checked = []
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        url = (
            path.replace("{slug}", values["{slug}"])
            .replace("{lesson_id}", str(values["{lesson_id}"]))
            .replace("{key}", "lessons")  # a table of the staff-only analytics dashboard
        )
        for kind, pk in values["{id}"].items():
            if f"/{kind}/{{id}}/" in url:
                url = url.replace("{id}", str(pk))
        for name, pk in discussion_ids.items():
            url = url.replace(name, str(pk))
        required = {  # a required query parameter gets a plain word (the search's q)
            parameter["name"]: "lesson"
            for parameter in operations["get"].get("parameters", [])
            if parameter.get("in") == "query" and parameter.get("required")
        }
        response = app.get(f"{url}?{urlencode(required)}" if required else url)
        # The lesson's week is not released yet, the discussion is another course's: the
        # policy's answer, to a signed-in user; the analytics figures are for staff with the
        # permission, not for this student.
        closed = (
            "/lessons/",
            "/discussions/threads/",
            "/discussions/posts/",
            "/insight/dashboard/",
        )
        expected = 403 if any(part in url for part in closed) else 200
        assert response.status_code == expected, (url, response.content[:300])
        checked.append(url)
    assert len(checked) >= 15


def test_a_cookie_free_app_can_write_without_csrf(app, school):
    team = school["team"]
    response = app.post(f"{API}/payments/teams/{team.pk}/invitations/", {"email": "c@example.com"})
    assert response.status_code == 201, response.content


def test_certificates_list_their_pdf_link(app, school):
    (certificate,) = app.get(f"{API}/me/certificates/").json()
    code = school["certificate"].code
    assert certificate["code"] == code
    assert certificate["valid"] is True
    assert certificate["pdf_url"].endswith(f"/certificates/{code}/pdf/")
    assert app.get(certificate["pdf_url"]).status_code == 200


def test_notification_preferences_read_and_update(app, student):
    discussions = {
        "discussion_delivery": "immediate",
        "discussion_digest_hour": 18,
        "discussion_timezone": "UTC",
    }
    assert app.get(f"{API}/me/notifications/").json() == {"mode": "each", **discussions}

    response = app.put(f"{API}/me/notifications/", {"mode": "digest"})

    assert response.json() == {"mode": "digest", **discussions}
    assert NotificationPreference.objects.get(user=student).mode == NotificationMode.WEEKLY_DIGEST
    body = assert_error_shape(app.put(f"{API}/me/notifications/", {"mode": "sms"}), 400)
    assert body["field"] == "mode"


def test_the_calendar_feed_url_serves_my_calendar(app, school):
    url = app.get(f"{API}/me/calendar/").json()["url"]
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")


def test_the_profile_reads_and_updates_with_length_limits(app, student):
    assert app.get(f"{API}/me/profile/").json()["email"] == "ada@example.com"

    response = app.patch(f"{API}/me/profile/", {"job_title": "VP Product", "email": "x@y.z"})

    assert response.status_code == 200
    student.refresh_from_db()
    assert (student.job_title, student.email) == ("VP Product", "ada@example.com")
    body = assert_error_shape(app.patch(f"{API}/me/profile/", {"company": "c" * 121}), 400)
    assert body["field"] == "company"
    assert "120" in body["detail"]


def test_orders_and_their_receipt_lines(app, school):
    (order,) = app.get(f"{API}/payments/orders/").json()
    assert order["id"] == school["order"].pk
    detail = app.get(f"{API}/payments/orders/{order['id']}/").json()
    assert {"lines", "refunds", "total_amount", "currency"} <= set(detail)


def test_waitlist_join_list_and_leave(app, student):
    full = sold_out_cohort(slug="may-2027")

    joined = app.post(f"{API}/payments/waitlist/", {"cohort": "may-2027"})
    again = app.post(f"{API}/payments/waitlist/", {"cohort": "may-2027"})

    assert (joined.status_code, again.status_code) == (201, 200)
    entry = WaitlistEntry.objects.get()
    assert (entry.user, entry.email, entry.target) == (student, "ada@example.com", full)
    assert [row["id"] for row in app.get(f"{API}/payments/waitlist/").json()] == [entry.pk]
    left = app.delete(f"{API}/payments/waitlist/{entry.pk}/")
    assert left.json()["status"] == WaitlistStatus.LEFT
    assert app.get(f"{API}/payments/waitlist/").json() == []


def test_waitlist_refusals_are_in_the_error_shape(app, school):
    # A class with places left: buy one instead.
    body = assert_error_shape(
        app.post(f"{API}/payments/waitlist/", {"cohort": "april-2027"}), 409, "places_left"
    )
    assert "buy one" in body["detail"]
    assert_error_shape(app.post(f"{API}/payments/waitlist/", {}), 400, "invalid")
    assert_error_shape(app.post(f"{API}/payments/waitlist/", {"cohort": "nope"}), 404)
    someone_else = WaitlistEntry.objects.create(
        email="x@example.com", target=sold_out_cohort(slug="june-2027"), position=1
    )
    assert_error_shape(app.delete(f"{API}/payments/waitlist/{someone_else.pk}/"), 404)


def test_waitlist_joins_are_limited_per_client(app, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "waitlist_join": "2/h"}
    for slug in ("a-2027", "b-2027"):
        sold_out_cohort(slug=slug)
        assert app.post(f"{API}/payments/waitlist/", {"cohort": slug}).status_code == 201
    sold_out_cohort(slug="c-2027")

    response = app.post(f"{API}/payments/waitlist/", {"cohort": "c-2027"})

    body = assert_error_shape(response, 429, "rate_limited")
    assert body["detail"].startswith("Too many waitlist sign-ups from your network; try again in")
    assert 3500 <= body["retry_after"] <= 3600
    assert response["Retry-After"] == str(body["retry_after"])
