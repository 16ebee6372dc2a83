"""The surveys' NPS in the analytics dashboard's "Satisfaction per class" table, from the
hand-built answers of tests/insight/test_survey_results.py, and within the date filter."""

import datetime as dt

import pytest

from django.utils import timezone

from insight.dashboard.period import Period
from insight.dashboard.selectors import dashboard_table
from tests.factories.surveys import pulse_survey
from tests.insight.test_survey_results import (
    CURRENT_SCORES,
    OTHER_SCORES,
    answer_as_new_student,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(school):
    survey = pulse_survey(course=school.course)
    for score in CURRENT_SCORES:
        answer_as_new_student(survey, school.current, nps=score)
    for score in OTHER_SCORES:
        answer_as_new_student(survey, school.other, nps=score)
    return survey


def satisfaction(period: Period) -> dict[str, dict]:
    table = dashboard_table(key="satisfaction_by_class", period=period)
    return {row["cohort"]: row for row in table.rows}


def test_each_class_shows_its_nps_and_the_answers_it_rests_on(school, answered):
    rows = satisfaction(Period())

    # 3 promoters, 2 passives, 2 detractors of 7 -> 14; 1 promoter, 1 detractor -> 0.
    assert (rows["Current"]["nps"], rows["Current"]["nps_answers"]) == (14, 7)
    assert (rows["Other"]["nps"], rows["Other"]["nps_answers"]) == (0, 2)


def test_answers_outside_the_period_do_not_count(school, answered):
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    rows = satisfaction(Period(end=yesterday))

    for row in rows.values():
        assert not row.get("nps") and not row.get("nps_answers")
