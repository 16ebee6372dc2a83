"""Demo survey: a week-3 pulse for the class three weeks in, answered by most of the class.

The survey is built as an editor would (four questions: NPS, a 1-5 scale, a single choice, an
optional free text) with the trigger "end of week 3". The class is on the last days of week 3,
so the demo sends the pulse a little early: an invitation per active student, eight hours
ago (the beat's own run at the week's end then finds them and writes nothing more), and the
answers through the real service, an hour apart. The demo student (``student@institute.test``)
is invited but has not answered, so signing in as them shows the in-site prompt. Idempotent:
the survey is found by its title and an answered invitation is left alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from courses.models import Enrollment, EnrollmentStatus
from demo.discussions import _class_three_weeks_in, _user
from insight.surveys.models import Invitation, Question, QuestionKind, Survey, TriggerKind
from insight.surveys.prompts import pending_surveys_forget
from insight.surveys.services import survey_answer

Report = Callable[[str], None]

TITLE = "Week 3 pulse"
PACE = ("Too slow", "About right", "Too fast")
QUESTIONS = (
    ("How likely are you to recommend this course to a friend or colleague?", QuestionKind.NPS,
     True, ()),
    ("How useful was week 3 for your day-to-day work?", QuestionKind.SCALE, True, ()),
    ("How did the pace of week 3 feel?", QuestionKind.SINGLE, True, PACE),
    ("What one thing would you change about this week?", QuestionKind.TEXT, False, ()),
)  # fmt: skip

# Classmates who answer: (email, first, last, nps, usefulness, pace, what they would change)
ANSWERS = (
    ("priya@institute.test", "Priya", "Raman", 9, 4, "About right",
     "The outcome-versus-output exercise finally made our roadmap review make sense. More of "
     "those, fewer slides."),
    ("tomas@institute.test", "Tomás", "Ferreira", 10, 5, "About right",
     "Keep the interview role-play: practising on a classmate was the best hour of the week."),
    ("amara@institute.test", "Amara", "Okafor", 8, 4, "Too fast",
     "Week 3 had more reading than I could fit around a release at work."),
    ("lars@institute.test", "Lars", "Nilsson", 6, 3, "Too fast",
     "The interviewing lesson needs a worked example from a B2B product, not only consumer apps."),
    ("mei@institute.test", "Mei", "Tanaka", 9, 5, "About right", ""),
    ("diego@institute.test", "Diego", "Alvarez", 7, 3, "Too slow",
     "The first two videos went over week 2 again; I would skip straight to the practice."),
)  # fmt: skip


def _survey(course) -> Survey:
    survey = Survey.objects.filter(title=TITLE).first()
    if survey is not None:
        return survey
    survey = Survey.objects.create(
        title=TITLE,
        intro="Four questions, two minutes. Your coach reads every answer before week 4.",
        trigger=TriggerKind.WEEK_END,
        week_number=3,
        course=course,
    )
    for order, (prompt, kind, required, choices) in enumerate(QUESTIONS):
        Question.objects.create(
            survey=survey, sort_order=order, prompt=prompt, kind=kind, required=required,
            choices="\n".join(choices),
        )  # fmt: skip
    return survey


def seed_surveys(report: Report) -> None:
    cohort = _class_three_weeks_in()
    if cohort is None:
        report("skipped surveys: no class three weeks in")
        return
    survey = _survey(cohort.course)
    answerers = []
    for email, first, last, *answer in ANSWERS:
        person = _user(email, first, last)
        Enrollment.objects.get_or_create(
            user=person, cohort=cohort, defaults={"source": "staff", "status": "active"}
        )
        answerers.append((person, answer))
    sent = timezone.now() - dt.timedelta(hours=len(ANSWERS) + 2)
    students = Enrollment.objects.filter(cohort=cohort, status=EnrollmentStatus.ACTIVE)
    user_ids = list(students.values_list("user_id", flat=True))
    Invitation.objects.bulk_create(
        [Invitation(survey=survey, user_id=pk, cohort=cohort, created_at=sent) for pk in user_ids],
        ignore_conflicts=True,
    )
    pending_surveys_forget(user_ids=user_ids)
    questions = {q.kind: q for q in survey.questions.all()}
    answered = 0
    for hours, (person, (nps, useful, pace, change)) in enumerate(answerers, start=1):
        invitation = Invitation.objects.filter(survey=survey, user=person).first()
        if invitation is None or invitation.answered_at is not None:
            continue
        survey_answer(
            user=person,
            survey=survey,
            answers={
                str(questions[QuestionKind.NPS].pk): nps,
                str(questions[QuestionKind.SCALE].pk): useful,
                str(questions[QuestionKind.SINGLE].pk): pace,
                str(questions[QuestionKind.TEXT].pk): change,
            },
            now=sent + dt.timedelta(hours=hours),
        )
        answered += 1
    report(f"{TITLE} for {cohort.name}: {answered} new answers")
