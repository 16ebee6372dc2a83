"""A student answers a survey once: required questions enforced per question, nothing half
written, a second submit changes nothing, and only invited students may answer."""

import pytest

from django.core.exceptions import ValidationError

from insight.surveys.models import Answer, Invitation, Question, QuestionKind, Response
from insight.surveys.services import SurveyAlreadyAnswered, SurveyNotInvited, survey_answer
from tests.factories.surveys import full_answers, invite, pulse_survey, questions_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(school):
    return pulse_survey(course=school.course)


def test_answers_are_stored_with_the_class_and_the_invitation_marked_answered(school, survey):
    student = school.users["student"]
    invite(survey=survey, user=student, cohort=school.current)

    response = survey_answer(user=student, survey=survey, answers=full_answers(survey, nps=10))

    q = questions_of(survey)
    assert response.cohort == school.current
    stored = {a.question.kind: a for a in response.answers.select_related("question")}
    assert stored[QuestionKind.NPS].number == 10
    assert stored[QuestionKind.SCALE].number == 4
    assert stored[QuestionKind.SINGLE].choice == "About right"
    assert stored[QuestionKind.TEXT].text == "More examples from B2B products."
    assert Invitation.objects.get(survey=survey, user=student).answered_at is not None
    assert q[QuestionKind.NPS].answers.count() == 1


def test_a_second_submit_changes_nothing(school, survey):
    student = school.users["student"]
    invite(survey=survey, user=student, cohort=school.current)
    survey_answer(user=student, survey=survey, answers=full_answers(survey, nps=3))

    with pytest.raises(SurveyAlreadyAnswered, match="already answered"):
        survey_answer(user=student, survey=survey, answers=full_answers(survey, nps=10))

    assert Response.objects.count() == 1
    assert list(Answer.objects.filter(number__isnull=False).values_list("number", flat=True)) in (
        [3, 4],
        [4, 3],
    )


def test_missing_and_wrong_answers_are_named_per_question_and_nothing_is_written(school, survey):
    student = school.users["student"]
    invite(survey=survey, user=student, cohort=school.current)
    q = questions_of(survey)
    answers = {
        str(q[QuestionKind.NPS].pk): 11,
        str(q[QuestionKind.SINGLE].pk): "Much too fast",
    }

    with pytest.raises(ValidationError) as raised:
        survey_answer(user=student, survey=survey, answers=answers)

    assert raised.value.message_dict == {
        f"question_{q[QuestionKind.NPS].pk}": ["Choose a whole number from 0 to 10."],
        f"question_{q[QuestionKind.SCALE].pk}": ["This question needs an answer."],
        f"question_{q[QuestionKind.SINGLE].pk}": ["'Much too fast' is not one of the options."],
    }
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert Invitation.objects.get(user=student).answered_at is None


def test_an_optional_question_may_be_left_empty(school, survey):
    student = school.users["student"]
    invite(survey=survey, user=student, cohort=school.current)
    answers = full_answers(survey, text="   ")

    response = survey_answer(user=student, survey=survey, answers=answers)

    assert response.answers.count() == 3


def test_a_multiple_choice_keeps_each_option_once(school):
    survey = pulse_survey(course=school.course)
    multiple = Question.objects.create(
        survey=survey, prompt="Which parts helped?", kind=QuestionKind.MULTIPLE, required=True,
        choices="Videos\nReadings\nExercise", sort_order=9,
    )  # fmt: skip
    student = school.users["student"]
    invite(survey=survey, user=student, cohort=school.current)

    with pytest.raises(ValidationError) as raised:
        survey_answer(
            user=student,
            survey=survey,
            answers={**full_answers(survey), str(multiple.pk): ["Videos", "Videos"]},
        )
    assert raised.value.message_dict == {
        f"question_{multiple.pk}": ["Choose each option at most once."]
    }

    survey_answer(
        user=student,
        survey=survey,
        answers={**full_answers(survey), str(multiple.pk): ["Videos", "Exercise"]},
    )
    assert sorted(multiple.answers.values_list("choice", flat=True)) == ["Exercise", "Videos"]


@pytest.mark.parametrize("who", ["classmate", "other_class", "staff"])
def test_only_invited_students_answer(school, survey, who):
    invite(survey=survey, user=school.users["student"], cohort=school.current)

    with pytest.raises(SurveyNotInvited, match="you were not among them"):
        survey_answer(user=school.users[who], survey=survey, answers=full_answers(survey))
    assert not Response.objects.exists()


def test_the_page_shows_per_question_errors_then_thanks_once(client, school, survey):
    student = school.users["student"]
    invite(survey=survey, user=student, cohort=school.current)
    q = questions_of(survey)
    client.force_login(student)
    url = f"/surveys/{survey.pk}/"

    page = client.get(url)
    assert page.status_code == 200 and "How was the pace?" in page.text

    refused = client.post(url, {f"question_{q[QuestionKind.NPS].pk}": "8"})
    assert refused.status_code == 400
    assert refused.text.count("This question needs an answer.") == 2
    assert 'value="8" checked' in refused.text  # what was given is kept
    assert not Response.objects.exists()

    form = {
        f"question_{q[QuestionKind.NPS].pk}": "8",
        f"question_{q[QuestionKind.SCALE].pk}": "5",
        f"question_{q[QuestionKind.SINGLE].pk}": "Too fast",
        f"question_{q[QuestionKind.TEXT].pk}": "A longer break after week 2.",
    }
    done = client.post(url, form, follow=True)
    assert "Thank you: your answers are saved." in done.text
    assert "You answered this survey" in done.text

    again = client.post(url, {**form, f"question_{q[QuestionKind.NPS].pk}": "0"}, follow=True)
    assert "You have already answered this survey" in again.text
    assert list(q[QuestionKind.NPS].answers.values_list("number", flat=True)) == [8]


def test_the_page_refuses_a_student_who_was_not_invited(client, school, survey):
    client.force_login(school.users["other_class"])

    page = client.get(f"/surveys/{survey.pk}/")

    assert page.status_code == 403 and "you were not among them" in page.text
