"""Results per survey and class: NPS figures from a hand-built set of answers, each
question's distribution, the free-text answers, the CSV export; editors and staff only; the
same number of queries at 1x and 10x answers."""

import csv
import io

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from insight.surveys.selectors import NpsFigures, nps_per_cohort, survey_results
from insight.surveys.services import survey_answer
from tests.factories import EnrollmentFactory, UserFactory
from tests.factories.surveys import full_answers, invite, pulse_survey

pytestmark = pytest.mark.django_db

# Hand-built: "Current" gives 10, 9, 9, 8, 7, 6, 3 -> 3 promoters, 2 passives, 2 detractors:
# NPS = (3 - 2) / 7 = 14.3 % -> 14. "Other" gives 10, 0 -> NPS 0.
CURRENT_SCORES = [10, 9, 9, 8, 7, 6, 3]
OTHER_SCORES = [10, 0]


def answer_as_new_student(survey, cohort, *, nps, scale=4, pace="About right", text=""):
    user = EnrollmentFactory(cohort=cohort).user
    invite(survey=survey, user=user, cohort=cohort)
    survey_answer(
        user=user,
        survey=survey,
        answers=full_answers(survey, nps=nps, scale=scale, pace=pace, text=text),
    )
    return user


@pytest.fixture
def answered(school):
    survey = pulse_survey(course=school.course)
    for i, score in enumerate(CURRENT_SCORES):
        answer_as_new_student(
            survey, school.current, nps=score, scale=1 + i % 5,
            pace="Too fast" if i < 2 else "About right",
            text="Week 2 felt rushed." if i == 0 else "",
        )  # fmt: skip
    for score in OTHER_SCORES:
        answer_as_new_student(survey, school.other, nps=score, text="More B2B examples.")
    invite(survey=survey, user=UserFactory(), cohort=school.current)  # invited, silent
    return survey


def test_nps_figures_match_the_hand_built_answers(school, answered):
    by_class = {row.cohort_name: row.nps for row in nps_per_cohort(survey=answered)}

    assert by_class["Current"] == NpsFigures(promoters=3, passives=2, detractors=2)
    assert by_class["Current"].score == 14
    assert by_class["Current"].promoters_pct == 42.9
    assert by_class["Current"].detractors_pct == 28.6
    assert by_class["Other"] == NpsFigures(promoters=1, passives=0, detractors=1)
    assert by_class["Other"].score == 0
    assert [row.cohort_id for row in nps_per_cohort(survey=answered)] == [
        school.other.pk,
        school.current.pk,
    ]  # by start date
    assert NpsFigures(0, 0, 0).score is None


def test_results_for_one_class_give_every_distribution_and_the_texts(school, answered):
    results = survey_results(survey=answered, cohort_id=school.current.pk)

    assert (results.invited, results.responded) == (8, 7)
    assert results.nps == NpsFigures(promoters=3, passives=2, detractors=2)
    nps, scale, pace, text = results.questions
    assert [(b.label, b.count) for b in nps.bars if b.count] == [
        ("3", 1), ("6", 1), ("7", 1), ("8", 1), ("9", 2), ("10", 1),
    ]  # fmt: skip
    assert [b.count for b in scale.bars] == [2, 2, 1, 1, 1]  # 1..5
    assert scale.average == round((1 + 2 + 3 + 4 + 5 + 1 + 2) / 7, 2)
    assert [(b.label, b.count, b.pct) for b in pace.bars] == [
        ("Too slow", 0, 0.0), ("About right", 5, 71.4), ("Too fast", 2, 28.6),
    ]  # fmt: skip
    assert [t[0] for t in text.texts] == ["Week 2 felt rushed."]
    assert text.respondents == 1
    all_classes = survey_results(survey=answered)
    assert [t[0] for t in all_classes.questions[3].texts].count("More B2B examples.") == 2


def test_the_csv_has_a_row_per_response(school, answered, client):
    client.force_login(school.users["staff"])

    response = client.get(
        f"/admin/survey-results/{answered.pk}/results.csv?cohort={school.other.pk}"
    )

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Submitted (UTC)", "Class", "Student", "Email"]
    assert rows[0][4:] == [q.prompt for q in answered.questions.all()]
    assert len(rows) == 3
    assert sorted(row[4] for row in rows[1:]) == ["0", "10"]
    assert {row[1] for row in rows[1:]} == {"Other"}
    assert {row[6] for row in rows[1:]} == {"About right"}
    assert {row[7] for row in rows[1:]} == {"More B2B examples."}
    everyone = client.get(f"/admin/survey-results/{answered.pk}/results.csv")
    assert len(list(csv.reader(io.StringIO(everyone.content.decode())))) == 1 + 9


def test_a_text_a_spreadsheet_would_run_is_defused_in_the_csv(school, client):
    survey = pulse_survey(course=school.course)
    answer_as_new_student(survey, school.current, nps=5, text='=HYPERLINK("http://x")')
    client.force_login(school.users["staff"])

    body = client.get(f"/admin/survey-results/{survey.pk}/results.csv").content.decode()

    assert "'=HYPERLINK" in body


@pytest.mark.parametrize("who", ["student", "coach", "unenrolled"])
def test_results_are_for_editors_and_staff_only(school, answered, client, who):
    client.force_login(school.users[who])

    for url in (
        f"/admin/survey-results/{answered.pk}/results/",
        f"/admin/survey-results/{answered.pk}/results.csv",
    ):
        assert client.get(url).status_code in (302, 403)
    assert (
        "Week 2 felt rushed" not in client.get(f"/admin/survey-results/{answered.pk}/results/").text
    )


def test_the_results_page_shows_the_figures(school, answered, client):
    client.force_login(school.users["staff"])

    page = client.get(f"/admin/survey-results/{answered.pk}/results/?cohort={school.current.pk}")

    assert page.status_code == 200
    text = page.text
    assert "7</strong> of 8 invited students answered" in text
    assert "3 (42.9%)" in text and "2 (28.6%)" in text
    assert "Week 2 felt rushed." in text and "More B2B examples." not in text
    assert "Download answers (CSV)" in text
    every_class = client.get(f"/admin/survey-results/{answered.pk}/results/").text
    assert "NPS per class" in every_class
    assert f'href="?cohort={school.other.pk}">Other</a>' in every_class


def _results_queries(client, survey) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/admin/survey-results/{survey.pk}/results/").status_code == 200
    return len(queries)


def test_the_results_page_costs_the_same_queries_at_1x_and_10x(school, client):
    survey = pulse_survey(course=school.course)
    client.force_login(school.users["staff"])
    answer_as_new_student(survey, school.current, nps=9, text="Good.")
    client.get(f"/admin/survey-results/{survey.pk}/results/")  # warm the admin's caches
    once = _results_queries(client, survey)

    for i in range(9):
        cohort = school.current if i % 2 else school.other
        answer_as_new_student(survey, cohort, nps=i, text=f"Note {i}")
    tenfold = _results_queries(client, survey)

    assert tenfold == once
