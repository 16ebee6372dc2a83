"""Twin trigger runs invite and email each student once; concurrent submits of one student
store one response (PostgreSQL, real threads)."""

import pytest

from engine.outbox.models import OutboxEmail
from insight.surveys.models import Answer, Invitation, Response
from insight.surveys.services import SurveyAlreadyAnswered, survey_answer
from insight.surveys.triggers import survey_invitations_send
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import EnrollmentFactory
from tests.factories.surveys import full_answers, invite, pulse_survey

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_trigger_runs_invite_and_email_each_student_once(school):
    survey = pulse_survey(week_number=1, course=school.course)
    students = {school.users["other_class"].pk}
    students |= {EnrollmentFactory(cohort=school.other).user_id for _ in range(5)}

    results = run_in_threads(lambda i: survey_invitations_send(), count=6)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert set(Invitation.objects.filter(survey=survey).values_list("user_id", flat=True)) == (
        students
    )
    emails = OutboxEmail.objects.filter(kind="survey_invitation")
    assert emails.count() == len(students)
    assert sum(len(outbox_ids) for _, outbox_ids in results) == len(students)


def test_concurrent_submits_store_one_response(school):
    survey = pulse_survey(week_number=1, course=school.course)
    student = school.users["student"]
    invite(survey=survey, user=student, cohort=school.current)

    results = run_in_threads(
        lambda i: survey_answer(user=student, survey=survey, answers=full_answers(survey, nps=i)),
        count=8,
    )

    stored = [r for r in results if isinstance(r, Response)]
    refused = [r for r in results if isinstance(r, SurveyAlreadyAnswered)]
    assert len(stored) == 1 and len(refused) == 7, results
    assert Response.objects.count() == 1
    assert Answer.objects.filter(question__kind="nps").count() == 1
