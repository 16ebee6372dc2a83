"""The surveys' columns in the analytics dashboard's "Satisfaction per class" table
(``insight.dashboard.satisfaction``): each class's NPS and how many NPS answers it rests on,
over the answers submitted within the dashboard's period."""

from __future__ import annotations

from insight.dashboard.period import Period
from insight.dashboard.satisfaction import satisfaction_column_register
from insight.surveys.selectors import nps_per_cohort


def nps_answers_per_cohort(*, period: Period) -> dict[int, int]:
    since, until = period.bounds()
    return {row.cohort_id: row.nps.responses for row in nps_per_cohort(since=since, until=until)}


def nps_score_per_cohort(*, period: Period) -> dict[int, int | None]:
    since, until = period.bounds()
    return {row.cohort_id: row.nps.score for row in nps_per_cohort(since=since, until=until)}


def satisfaction_nps_register() -> None:
    satisfaction_column_register(
        name="nps_answers", label="NPS answers", values=nps_answers_per_cohort, order=30
    )
    satisfaction_column_register(
        name="nps", label="NPS (-100 to 100)", values=nps_score_per_cohort, order=40
    )
