"""The survey trigger: the end of a class's week N in its time zone, the end of the course,
after a workshop or a live session. Each student is invited and emailed once, however often
the job runs."""

import datetime as dt

import pytest

from django.utils import timezone

from coaching.due import journal_week_end
from coaching.sessions.models import LiveSession
from engine.outbox.models import OutboxEmail
from insight.surveys.models import Invitation, TriggerKind
from insight.surveys.prompts import pending_surveys
from insight.surveys.triggers import survey_invitations_send
from tests.factories import CohortFactory, EnrollmentFactory
from tests.factories.surveys import pulse_survey
from tests.factories.workshops import TicketFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def invited(survey) -> set:
    return set(Invitation.objects.filter(survey=survey).values_list("user_id", flat=True))


def test_the_end_of_week_n_invites_each_active_student_of_that_class_once(school):
    # "other" started 11 days ago: its week 1 ended 4 days ago; "current" is still in week 1.
    survey = pulse_survey(week_number=1, course=school.course)
    week_end = journal_week_end(cohort=school.other, week_number=1)

    survey_invitations_send(now=week_end - dt.timedelta(minutes=1))
    assert invited(survey) == set()

    survey_invitations_send(now=week_end + dt.timedelta(minutes=1))
    survey_invitations_send(now=week_end + dt.timedelta(minutes=20))

    assert invited(survey) == {school.users["other_class"].pk}  # the transferred one left it
    [email] = OutboxEmail.objects.filter(kind="survey_invitation")
    assert email.recipients == [school.users["other_class"].email]
    assert email.subject == "A short survey: Week 1 pulse"
    assert f"/surveys/{survey.pk}/" in email.text_body
    assert 'href="http://' in email.html_body and f"/surveys/{survey.pk}/" in email.html_body
    assert "4 questions" in email.text_body
    assert Invitation.objects.get(survey=survey).cohort == school.other


def test_the_week_ends_at_local_midnight_of_each_class(school):
    tokyo = CohortFactory(
        course=school.course, name="Tokyo", timezone="Asia/Tokyo",
        start_date=timezone.now().date() - dt.timedelta(days=14),
    )  # fmt: skip
    student = EnrollmentFactory(cohort=tokyo).user
    survey = pulse_survey(week_number=2, course=school.course)
    ends = journal_week_end(cohort=tokyo, week_number=2)

    assert ends.utcoffset() == dt.timedelta(0) and ends.hour == 15  # 00:00 in Tokyo
    survey_invitations_send(now=ends - dt.timedelta(seconds=1))
    assert invited(survey) == set()
    survey_invitations_send(now=ends)
    assert invited(survey) == {student.pk}


def test_an_old_occasion_invites_no_one(school, settings):
    settings.SURVEY_LATE_DAYS = 3
    survey = pulse_survey(week_number=1, course=school.course)  # "other"'s week 1 ended 4 days ago

    survey_invitations_send()

    assert invited(survey) == set()


def test_a_survey_switched_off_invites_no_one(school):
    survey = pulse_survey(week_number=1, course=school.course, is_active=False)

    survey_invitations_send()

    assert invited(survey) == set()


def test_the_end_of_the_course_is_the_end_of_week_10(school):
    finished = CohortFactory(
        course=school.course, name="Finished",
        start_date=timezone.now().date() - dt.timedelta(days=72),
    )  # fmt: skip
    graduate = EnrollmentFactory(cohort=finished).user
    survey = pulse_survey(course=school.course, trigger=TriggerKind.COURSE_END, week_number=None)

    survey_invitations_send()

    assert invited(survey) == {graduate.pk}


def test_after_a_workshop_its_ticket_holders_are_invited(school):
    ends = timezone.now() - dt.timedelta(hours=2)
    workshop = WorkshopFactory(starts_at=ends - dt.timedelta(hours=6), ends_at=ends)
    holder = TicketFactory(workshop=workshop).holder
    TicketFactory(workshop=workshop, status="refunded")
    survey = pulse_survey(trigger=TriggerKind.WORKSHOP, week_number=None, workshop=workshop)

    survey_invitations_send()

    assert invited(survey) == {holder.pk}
    assert Invitation.objects.get(survey=survey).cohort is None


def test_after_a_live_session_its_class_is_invited_once_it_ended(school):
    starts = (timezone.now() - dt.timedelta(minutes=30)).replace(microsecond=0)
    session = LiveSession.objects.create(
        cohort=school.current, title="Week 1 Q&A", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1), join_url="https://meet.example.com/q",
    )  # fmt: skip
    survey = pulse_survey(trigger=TriggerKind.LIVE_SESSION, week_number=None, live_session=session)

    survey_invitations_send()
    assert invited(survey) == set()  # still running

    survey_invitations_send(now=session.ends_at + dt.timedelta(minutes=5))
    active = {school.users[k].pk for k in ("student", "classmate", "transferred")}
    assert invited(survey) == active
    assert OutboxEmail.objects.filter(kind="survey_invitation").count() == 3


def test_the_invited_student_sees_the_prompt_until_they_answer(
    client, school, django_capture_on_commit_callbacks
):
    from insight.surveys.services import survey_answer
    from tests.factories.surveys import full_answers

    survey = pulse_survey(week_number=1, course=school.course)
    student = school.users["other_class"]
    client.force_login(student)
    assert pending_surveys(user=student) == []  # remembered in the cache...

    survey_invitations_send()

    page = client.get("/dashboard/")  # ...and forgotten when the trigger invites them
    assert 'href="/surveys/"' in page.text and 'aria-label="1 survey to answer"' in page.text
    mine = client.get("/surveys/")
    assert f'href="/surveys/{survey.pk}/"' in mine.text and "Week 1 pulse" in mine.text
    lesson = client.get(school.lesson1.url)
    assert "A short survey is waiting for you" in lesson.text

    with django_capture_on_commit_callbacks(execute=True):
        survey_answer(user=student, survey=survey, answers=full_answers(survey))

    assert "A short survey is waiting for you" not in client.get(school.lesson1.url).text
    assert "No survey is waiting for you" in client.get("/surveys/").text


def test_beat_runs_the_invitations_task_every_quarter_hour(school, settings):
    from insight.surveys import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["surveys-invitations-send"]
    assert entry["task"] == "surveys.invitations_send"
    assert entry["task"] in tasks.invitations_send.app.tasks
    survey = pulse_survey(week_number=1, course=school.course)

    assert tasks.invitations_send.apply().get() == 1
    assert invited(survey) == {school.users["other_class"].pk}
