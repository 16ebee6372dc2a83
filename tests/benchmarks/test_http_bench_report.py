"""The HTTP benchmark's verdicts: a row meets its goal only if its claims held too."""

import pytest

from benchmarks.endpoints import ENDPOINTS, Goal
from benchmarks.http_bench import BaselineStarved, Measurement, Row, goal_met, run_ratio


def row(
    *, queries=5, hit_queries=1, vs_django=0.6, vs_template=0.4, checks=None, status=200
) -> Row:
    m = Measurement(100.0, 1.0, 2.0, 0)
    return Row(
        "x", "/x/", queries, hit_queries, status, m, [m], vs_django, vs_template, None, checks or []
    )


def test_a_goal_is_met_by_ratio_and_queries():
    assert goal_met(row(), Goal(0.5, "django", 6)) is True
    assert goal_met(row(vs_django=0.4), Goal(0.5, "django", 6)) is False
    assert goal_met(row(queries=7), Goal(0.5, "django", 6)) is False
    assert goal_met(row(hit_queries=7), Goal(0.5, "django", 6)) is False
    assert goal_met(row(vs_template=0.9), Goal(0.8, "template", 0)) is False
    assert goal_met(row(queries=0, hit_queries=0, vs_template=0.9), Goal(0.8, "template", 0))


def test_a_failed_claim_or_status_fails_the_goal():
    assert goal_met(row(checks=["X-Page-Cache: 'miss', expected 'hit'"]), Goal(0.5)) is False
    assert goal_met(row(status=404), Goal(0.5)) is False


def test_rows_without_a_goal_have_no_verdict():
    assert goal_met(row(), Goal()) is None


def test_every_row_of_issue_13_is_measured():
    names = {endpoint.name for endpoint in ENDPOINTS}
    for wanted in (
        "lesson page (student, released)",
        "student dashboard",
        "course outline (anonymous)",
        "lesson page (anonymous, locked)",
        "home page (anonymous)",
        "checkout form (student)",
        "OpenAPI schema",
        "lesson API (student)",
        "dashboard API (student)",
        "article (anonymous)",
        "spotlight (anonymous)",
    ):
        assert wanted in names


def test_paired_goal_uses_the_twin_measured_beside_it():
    paired = row()
    paired.vs_paired = 0.85
    assert goal_met(paired, Goal(0.8, "paired")) is True
    paired.vs_paired = 0.7
    assert goal_met(paired, Goal(0.8, "paired")) is False
    assert goal_met(row(), Goal(0.8, "paired")) is False  # never measured: not met


def test_issue_15_discussion_row_is_measured_against_the_empty_page():
    endpoint = next(e for e in ENDPOINTS if e.name == "lesson page, 200-post discussion")
    assert endpoint.goal == Goal(0.8, "paired")
    assert endpoint.paired is not None and endpoint.paired.path is endpoint.path


def test_a_baseline_that_answered_nothing_stops_with_a_message_not_a_division_by_zero():
    assert run_ratio(50.0, Measurement(100.0, 1.0, 2.0, 0), "django") == 0.5
    with pytest.raises(BaselineStarved, match="django baseline answered no request"):
        run_ratio(50.0, Measurement(0.0, 0.0, 0.0, 0), "django")
