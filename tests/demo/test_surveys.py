"""The demo's week-3 pulse: the running class is invited, most of it answered, the demo
student has it waiting; seeding again adds nothing."""

from io import StringIO

import pytest

from django.core.management import call_command

from cms.models import User
from insight.surveys.models import Invitation, Response, Survey
from insight.surveys.prompts import pending_surveys
from insight.surveys.selectors import nps_per_cohort, survey_results

pytestmark = pytest.mark.django_db


def test_the_demo_week_3_pulse_has_answers_from_the_running_class():
    call_command("seed_demo", stdout=StringIO())
    survey = Survey.objects.get(title="Week 3 pulse")

    assert survey.week_number == 3
    assert [q.kind for q in survey.questions.all()] == ["nps", "scale", "single", "text"]
    [row] = nps_per_cohort(survey=survey)
    assert row.nps.responses == 6 and row.nps.score == 33  # 3 promoters, 2 passives, 1 detractor
    results = survey_results(survey=survey)
    assert results.responded == 6 and results.invited > 6
    assert len(results.questions[3].texts) == 5
    student = User.objects.get(email="student@institute.test")
    assert [p.title for p in pending_surveys(user=student)] == ["Week 3 pulse"]

    call_command("seed_demo", stdout=StringIO())
    assert Response.objects.count() == 6
    assert Invitation.objects.filter(survey=survey).count() == results.invited
