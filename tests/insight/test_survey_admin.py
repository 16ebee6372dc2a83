"""Editors build a survey in the admin: questions inline, a trigger, choices checked."""

import pytest

from insight.surveys.models import Survey

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/surveys/survey/add/"


def form(**overrides) -> dict:
    data = {
        "title": "Week 3 pulse",
        "intro": "Three minutes.",
        "trigger": "week_end",
        "course": "",
        "week_number": "3",
        "workshop": "",
        "live_session": "",
        "is_active": "on",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "1",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-prompt": "How likely are you to recommend us?",
        "questions-0-kind": "nps",
        "questions-0-required": "on",
        "questions-0-choices": "",
        "questions-0-ORDER": "1",
        "questions-1-prompt": "Which part helped most?",
        "questions-1-kind": "single",
        "questions-1-required": "on",
        "questions-1-choices": "Videos\nReadings\nExercise",
        "questions-1-ORDER": "2",
    }
    data.update(overrides)
    return data


def test_an_editor_builds_a_survey_with_its_questions(client, school):
    client.force_login(school.users["staff"])

    response = client.post(ADD, form())

    assert response.status_code == 302, response.context["form"].errors
    survey = Survey.objects.get(title="Week 3 pulse")
    assert survey.week_number == 3
    assert [(q.kind, q.choice_list) for q in survey.questions.all()] == [
        ("nps", []),
        ("single", ["Videos", "Readings", "Exercise"]),
    ]


def test_a_choice_question_without_choices_is_refused_with_a_message(client, school):
    client.force_login(school.users["staff"])

    response = client.post(ADD, form(**{"questions-1-choices": "Videos"}))

    assert response.status_code == 200
    assert "A choice question needs at least two choices, one a line." in response.text
    assert not Survey.objects.exists()


def test_a_week_trigger_needs_its_week(client, school):
    client.force_login(school.users["staff"])

    response = client.post(ADD, form(week_number=""))

    assert "Say which week ends the survey waits for (1 to 10)." in response.text
    assert not Survey.objects.exists()


def test_students_cannot_open_the_survey_builder(client, school):
    client.force_login(school.users["student"])

    assert client.get(ADD).status_code in (302, 403)
