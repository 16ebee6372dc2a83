"""Every ``/api/v1/`` error is JSON of one shape, never an HTML page (issue 12, item 9)."""

import pytest

from django.test import Client

from payments.teams import invitation_link_token, team_invite, team_seat_claim
from tests.api.support import app_session_token, assert_error_shape
from tests.factories import EnrollmentFactory, VerifiedUserFactory
from tests.factories.payments import TeamInvitationFactory, on_sale_cohort, team_with_pool

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def cohort(db):
    return on_sale_cohort(slug="april-2027")


def test_validation_errors_name_every_field(client):
    client.force_login(VerifiedUserFactory())
    response = client.post(
        f"{API}/payments/checkout/",
        {"cohort": "april-2027", "tier": "gold", "seats": 0},
        content_type="application/json",
    )
    body = assert_error_shape(response, 400, "invalid")
    assert set(body["errors"]) == {"tier", "seats"}
    assert body["field"] == "tier"
    assert "tier:" in body["detail"] and "seats:" in body["detail"]


def test_malformed_json_is_a_400_in_the_shape(client):
    response = client.post(f"{API}/payments/quote/", "{not json", content_type="application/json")
    assert_error_shape(response, 400, "parse_error")


def test_not_signed_in_is_a_401_with_a_challenge(client):
    response = client.get(f"{API}/payments/orders/")
    assert_error_shape(response, 401, "not_authenticated")
    assert "X-Session-Token" in response["WWW-Authenticate"]


def test_an_unknown_session_token_is_a_401(client):
    response = client.get(f"{API}/courses/", HTTP_X_SESSION_TOKEN="not-a-token")
    assert_error_shape(response, 401, "authentication_failed")


def test_a_cookie_session_without_csrf_is_a_403(cohort):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(VerifiedUserFactory())
    response = browser.post(
        f"{API}/payments/checkout/",
        {"cohort": "april-2027", "tier": "standard"},
        content_type="application/json",
    )
    body = assert_error_shape(response, 403, "permission_denied")
    assert "CSRF" in body["detail"]


def test_a_closed_lesson_is_a_403_with_the_policys_reason(client):
    from tests.factories import LessonPageFactory, WeekPageFactory

    lesson = LessonPageFactory(parent=WeekPageFactory(number=3))
    client.force_login(VerifiedUserFactory())
    for response in (
        client.get(f"{API}/courses/lessons/{lesson.pk}/"),
        client.post(f"{API}/lessons/{lesson.pk}/progress/"),
    ):
        body = assert_error_shape(response, 403, "lesson_closed")
        assert body["access"]["reason"] == "not_enrolled"


def test_someone_elses_order_is_a_404(client):
    client.force_login(VerifiedUserFactory())
    assert_error_shape(client.get(f"{API}/payments/orders/999999/"), 404, "not_found")


def test_an_unknown_api_address_is_a_json_404(client):
    body = assert_error_shape(client.get(f"{API}/no-such-thing/"), 404, "not_found")
    assert "/api/v1/docs/" in body["detail"]


def test_a_wrong_method_is_a_405_in_the_shape(client):
    response = client.delete(f"{API}/payments/classes/")
    assert_error_shape(response, 405, "method_not_allowed")


def test_sold_out_is_a_409_with_the_next_class(client, cohort, stripe_double):
    type(cohort).objects.filter(pk=cohort.pk).update(capacity=1)
    EnrollmentFactory(cohort=cohort)
    client.force_login(VerifiedUserFactory())
    response = client.post(
        f"{API}/payments/checkout/",
        {"cohort": "april-2027", "tier": "standard"},
        content_type="application/json",
    )
    body = assert_error_shape(response, 409, "sold_out")
    assert body["next_cohort"] is None
    assert body["field"] == "seats"


def test_a_team_without_seats_left_is_a_409(client, cohort):
    team = team_with_pool(cohort=cohort, seats_total=1)
    first = team_invite(team=team, actor=team.owner, email="c@example.com")
    team_seat_claim(invitation=first, user=VerifiedUserFactory(email="c@example.com"))
    late = TeamInvitationFactory(team=team, email="d@example.com")
    client.force_login(VerifiedUserFactory(email="d@example.com"))
    response = client.post(
        f"{API}/payments/invitations/claim/",
        {"token": invitation_link_token(late)},
        content_type="application/json",
    )
    assert_error_shape(response, 409, "team_refused")
    bad_link = client.post(
        f"{API}/payments/invitations/claim/", {"token": "nonsense"}, content_type="application/json"
    )
    assert assert_error_shape(bad_link, 400, "invalid")["field"] == "token"


def test_a_discount_that_does_not_apply_says_why(client, cohort):
    response = client.post(
        f"{API}/payments/quote/",
        {"cohort": "april-2027", "tier": "standard", "code": "NOPE"},
        content_type="application/json",
    )
    body = assert_error_shape(response, 400, "discount_rejected")
    assert (body["reason"], body["field"]) == ("invalid", "code")


def test_the_schema_documents_the_shape_and_the_401_403_of_private_endpoints(client):
    schema = client.get(f"{API}/schema/", {"format": "json"}).json()
    error = schema["components"]["schemas"]["ApiError"]
    assert set(error["required"]) == {"status", "code", "detail", "field", "errors"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "401" in responses, (method, path)
            if any(
                "appSessionToken" in way for way in operation.get("security", [])
            ) and {} not in operation.get("security", []):
                assert "403" in responses, (method, path)
    orders = schema["paths"][f"{API}/payments/orders/"]["get"]
    assert {"401", "403"} <= set(orders["responses"])
    assert {"appSessionToken": []} in orders["security"]
    assert {"cookieAuth": []} in orders["security"]
    assert schema["components"]["securitySchemes"]["appSessionToken"]["name"] == "X-Session-Token"


def test_an_app_token_needs_no_csrf_token(cohort, stripe_double):
    user = VerifiedUserFactory()
    token = app_session_token(user)
    app = Client(enforce_csrf_checks=True)
    response = app.post(
        f"{API}/payments/checkout/",
        {"cohort": "april-2027", "tier": "standard"},
        content_type="application/json",
        HTTP_X_SESSION_TOKEN=token,
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        (f"{API}/cms/pages/999999/", 404, "not_found"),
        (f"{API}/cms/pages/?order=nonsense", 400, "invalid"),
        (f"{API}/cms/images/?fields=nonsense", 400, "invalid"),
        (f"{API}/cms/nowhere/", 404, "not_found"),
    ],
)
def test_wagtails_page_api_errors_have_the_shape_too(client, url, status, code):
    assert_error_shape(client.get(url), status, code)


def test_an_address_without_its_trailing_slash_still_leads_to_the_endpoint(client):
    response = client.get(f"{API}/payments/classes?x=1")
    assert (response.status_code, response["Location"]) == (301, f"{API}/payments/classes/?x=1")
    body = assert_error_shape(client.post(f"{API}/payments/quote"), 404, "not_found")
    assert f"{API}/payments/quote/" in body["detail"]
