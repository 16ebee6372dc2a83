"""The surveys API: my pending surveys, and answering once (201, 400 naming the question,
409 for a second submit, 401 signed out, 403 not invited)."""

import pytest
from rest_framework.test import APIClient

from insight.surveys.models import QuestionKind, Response
from tests.api.support import assert_error_shape
from tests.factories.surveys import invite, pulse_survey, questions_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(school):
    survey = pulse_survey(course=school.course)
    invite(survey=survey, user=school.users["student"], cohort=school.current)
    return survey


def api_for(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def body(survey, overrides: dict | None = None) -> dict:
    q = questions_of(survey)
    answers = {
        q[QuestionKind.NPS].pk: {"number": 9},
        q[QuestionKind.SCALE].pk: {"number": 5},
        q[QuestionKind.SINGLE].pk: {"choices": ["Too fast"]},
        q[QuestionKind.TEXT].pk: {"text": "More time for the exercise."},
    }
    answers.update(overrides or {})
    return {"answers": [{"question": pk, **value} for pk, value in answers.items() if value]}


def test_my_pending_surveys_list_their_questions(school, survey):
    response = api_for(school.users["student"]).get("/api/v1/surveys/mine/")

    assert response.status_code == 200
    [pending] = response.json()
    assert pending["id"] == survey.pk and pending["occasion"] == "End of week 1"
    kinds = [(q["kind"], q["min"], q["max"], q["choices"]) for q in pending["questions"]]
    assert kinds == [
        ("nps", 0, 10, []), ("scale", 1, 5, []),
        ("single", None, None, ["Too slow", "About right", "Too fast"]), ("text", None, None, []),
    ]  # fmt: skip
    assert api_for(school.users["classmate"]).get("/api/v1/surveys/mine/").json() == []


def test_answering_once_then_a_second_submit_is_409_and_changes_nothing(school, survey):
    api = api_for(school.users["student"])
    url = f"/api/v1/surveys/{survey.pk}/answers/"

    first = api.post(url, body(survey), format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["answers"] == 4

    q = questions_of(survey)
    second = api.post(url, body(survey, {q[QuestionKind.NPS].pk: {"number": 0}}), format="json")
    assert second.status_code == 409
    assert_error_shape(second, status=409, code="already_answered")
    assert Response.objects.count() == 1
    assert list(q[QuestionKind.NPS].answers.values_list("number", flat=True)) == [9]
    assert api.get("/api/v1/surveys/mine/").json() == []


def test_a_bad_or_missing_answer_is_400_naming_the_question(school, survey):
    q = questions_of(survey)
    nps, scale = q[QuestionKind.NPS], q[QuestionKind.SCALE]

    response = api_for(school.users["student"]).post(
        f"/api/v1/surveys/{survey.pk}/answers/",
        body(survey, {nps.pk: {"number": 12}, scale.pk: None}),
        format="json",
    )

    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid"
    assert data["errors"] == {
        f"question_{nps.pk}": [f"{nps.prompt!r}: Choose a whole number from 0 to 10."],
        f"question_{scale.pk}": [f"{scale.prompt!r}: This question needs an answer."],
    }
    assert not Response.objects.exists()


def test_signed_out_is_401_and_not_invited_is_403(school, survey):
    url = f"/api/v1/surveys/{survey.pk}/answers/"

    assert api_for().post(url, body(survey), format="json").status_code == 401
    refused = api_for(school.users["other_class"]).post(url, body(survey), format="json")
    assert_error_shape(refused, status=403, code="not_invited")
    missing = api_for(school.users["student"]).post(
        "/api/v1/surveys/999999/answers/", body(survey), format="json"
    )
    assert missing.status_code == 404
