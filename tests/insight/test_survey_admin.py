"""Editors build a survey in the admin: questions inline, a trigger, choices checked."""

import pytest

from insight.surveys.models import Answer, Survey
from insight.surveys.services import survey_answer
from tests.factories.surveys import full_answers, invite, pulse_survey

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


def edit_form(survey, **overrides) -> dict:
    """The edit page's form for ``survey`` as the editor would post it unchanged."""
    questions = list(survey.questions.order_by("sort_order"))
    data = {
        "title": survey.title,
        "intro": survey.intro,
        "trigger": survey.trigger,
        "course": survey.course_id or "",
        "week_number": survey.week_number or "",
        "workshop": "",
        "live_session": "",
        "is_active": "on",
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": str(len(questions)),
        "questions-MIN_NUM_FORMS": "1",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for i, question in enumerate(questions):
        data |= {
            f"questions-{i}-id": str(question.pk),
            f"questions-{i}-prompt": question.prompt,
            f"questions-{i}-kind": question.kind,
            f"questions-{i}-choices": question.choices,
            f"questions-{i}-ORDER": str(i + 1),
        }
        if question.required:
            data[f"questions-{i}-required"] = "on"
    data.update(overrides)
    return data


@pytest.fixture
def answered_survey(school):
    survey = pulse_survey(course=school.course)
    student = school.users["student"]
    invite(survey=survey, user=student, cohort=school.current)
    survey_answer(user=student, survey=survey, answers=full_answers(survey, pace="Too fast"))
    return survey


def edit_url(survey) -> str:
    return f"/admin/snippets/surveys/survey/edit/{survey.pk}/"


def test_an_answered_question_can_be_reworded_and_given_more_choices(
    client, school, answered_survey
):
    client.force_login(school.users["staff"])
    pace = answered_survey.questions.get(kind="single")
    index = list(answered_survey.questions.order_by("sort_order")).index(pace)

    response = client.post(
        edit_url(answered_survey),
        edit_form(
            answered_survey,
            **{
                f"questions-{index}-prompt": "How did the pace feel?",
                f"questions-{index}-choices": pace.choices + "\nI could not tell",
            },
        ),
    )

    assert response.status_code == 302, response.context["form"].errors
    pace.refresh_from_db()
    assert pace.prompt == "How did the pace feel?"
    assert pace.choice_list[-1] == "I could not tell"


def test_an_answered_question_keeps_its_kind_and_its_chosen_choices(
    client, school, answered_survey
):
    client.force_login(school.users["staff"])
    questions = list(answered_survey.questions.order_by("sort_order"))
    nps = next(i for i, q in enumerate(questions) if q.kind == "nps")
    pace = next(i for i, q in enumerate(questions) if q.kind == "single")
    kept = [c for c in questions[pace].choice_list if c != "Too fast"]

    response = client.post(
        edit_url(answered_survey),
        edit_form(
            answered_survey,
            **{f"questions-{nps}-kind": "scale", f"questions-{pace}-choices": "\n".join(kept)},
        ),
    )

    assert response.status_code == 200
    assert "This question has 1 answer; its kind can no longer change." in response.text
    assert "Students chose Too fast; keep that choice (you may add new ones)." in response.text
    assert [(q.kind, q.choices) for q in answered_survey.questions.order_by("sort_order")] == [
        (q.kind, q.choices) for q in questions
    ]


def test_an_answered_question_cannot_be_deleted_and_nothing_is_saved(
    client, school, answered_survey
):
    client.force_login(school.users["staff"])
    questions = list(answered_survey.questions.order_by("sort_order"))
    text = next(i for i, q in enumerate(questions) if q.kind == "text")

    response = client.post(
        edit_url(answered_survey),
        edit_form(answered_survey, title="Renamed", **{f"questions-{text}-DELETE": "on"}),
    )

    assert response.status_code == 200
    assert "has 1 answer, so it cannot be deleted" in response.text
    answered_survey.refresh_from_db()
    assert answered_survey.title == "Week 1 pulse"
    assert answered_survey.questions.count() == len(questions)
    assert Answer.objects.filter(question=questions[text]).exists()


def test_a_question_nobody_answered_can_still_change_or_go(client, school):
    survey = pulse_survey(course=school.course)
    client.force_login(school.users["staff"])

    response = client.post(
        edit_url(survey),
        edit_form(survey, **{"questions-0-kind": "scale", "questions-3-DELETE": "on"}),
    )

    assert response.status_code == 302, response.context["form"].errors
    assert [q.kind for q in survey.questions.order_by("sort_order")] == ["scale", "scale", "single"]
