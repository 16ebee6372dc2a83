"""The dashboard's figures match the hand-built school (tests/insight/dashboard_school.py)."""

import datetime as dt

import pytest

from insight.dashboard.period import Period
from insight.dashboard.selectors import dashboard_table, dashboard_tables
from tests.insight.dashboard_school import dashboard_school

pytestmark = pytest.mark.django_db
ALL_TIME = Period()


def rows_by(table, key):
    return {row[key]: row for row in table.rows}


@pytest.fixture
def school(db):
    return dashboard_school()


def test_funnel_per_class_counts_starters_per_week_and_finishers(school):
    funnel = rows_by(dashboard_table(key="funnel_by_class", period=ALL_TIME), "cohort")
    april, may = funnel["April"], funnel["May"]
    assert (april["enrolled"], april["week_1"], april["week_2"], april["finished"]) == (4, 3, 2, 1)
    assert april["finished_percent"] == 25.0
    # s5 finished by certificate alone; the transferred place counts nowhere.
    assert (may["enrolled"], may["week_1"], may["week_2"], may["finished"]) == (2, 1, 0, 1)


def test_lessons_show_completion_drop_off_and_ratings_in_course_order(school):
    lessons = dashboard_table(key="lessons", period=ALL_TIME).rows
    assert [r["lesson"] for r in lessons] == [
        "Week 1: Lesson 1a",
        "Week 1: Lesson 1b",
        "Week 2: Lesson 2",
    ]
    assert [r["done"] for r in lessons] == [4, 1, 2]
    assert [r["drop_off"] for r in lessons] == [None, 3, -1]
    assert lessons[0]["done_percent"] == round(100 * 4 / 6, 1)
    assert (lessons[0]["ratings"], lessons[0]["average_rating"]) == (3, 4.0)
    assert (lessons[1]["ratings"], lessons[1]["average_rating"]) == (0, None)


def test_revenue_gross_refunded_and_net_per_class_tier_and_code(school):
    by_class = rows_by(dashboard_table(key="revenue_by_class", period=ALL_TIME), "cohort")
    assert {k: by_class["April"][k] for k in ("orders", "gross", "refunded", "net")} == {
        "orders": 3,
        "gross": 590_000,
        "refunded": 100_000,
        "net": 490_000,
    }
    assert (by_class["May"]["gross"], by_class["May"]["refunded"], by_class["May"]["net"]) == (
        90_000,
        30_000,
        60_000,
    )
    by_tier = rows_by(dashboard_table(key="revenue_by_tier", period=ALL_TIME), "tier")
    assert (by_tier["standard"]["gross"], by_tier["standard"]["net"]) == (280_000, 150_000)
    assert (by_tier["executive"]["gross"], by_tier["executive"]["refunded"]) == (400_000, 0)
    codes = rows_by(dashboard_table(key="revenue_by_discount_code", period=ALL_TIME), "code")
    assert set(codes) == {"APRIL17", "SPRING"}
    assert (codes["APRIL17"]["net"], codes["APRIL17"]["discount_given"]) == (90_000, 10_000)
    assert (codes["SPRING"]["gross"], codes["SPRING"]["refunded"], codes["SPRING"]["net"]) == (
        90_000,
        30_000,
        60_000,
    )
    assert codes["SPRING"]["discount_given"] == 10_000


def test_enrollments_per_class_and_tier_and_teams_against_individuals(school):
    by_class = rows_by(dashboard_table(key="enrollments_by_class", period=ALL_TIME), "cohort")
    april = by_class["April"]
    assert (april["standard"], april["executive"], april["total"], april["refunded"]) == (
        3,
        1,
        4,
        1,
    )
    assert (by_class["May"]["standard"], by_class["May"]["executive"]) == (1, 1)
    teams = rows_by(dashboard_table(key="teams_vs_individuals", period=ALL_TIME), "cohort")
    assert {k: teams["April"][k] for k in ("individual", "team_seat", "staff", "teams")} == {
        "individual": 2,
        "team_seat": 1,
        "staff": 1,
        "teams": 1,
    }
    assert teams["May"]["teams"] == 0


def test_satisfaction_and_waitlist_demand(school):
    satisfaction = rows_by(dashboard_table(key="satisfaction_by_class", period=ALL_TIME), "cohort")
    assert (satisfaction["April"]["ratings"], satisfaction["April"]["average_rating"]) == (2, 4.0)
    assert (satisfaction["May"]["ratings"], satisfaction["May"]["average_rating"]) == (1, 4.0)
    (may,) = dashboard_table(key="waitlist_demand", period=ALL_TIME).rows
    assert may["target"] == "May (cohort)"
    assert (may["joined"], may["waiting"], may["left"]) == (3, 2, 1)


def test_a_period_before_anything_happened_shows_nothing(school):
    period = Period(start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31))
    for table in dashboard_tables(period=period):
        if table.key != "lessons":  # one row per live lesson, zeros
            assert table.rows == [], table.key
    assert {r["done"] for r in dashboard_table(key="lessons", period=period).rows} == {0}


def test_revenue_follows_the_day_an_order_was_paid(school):
    march_10 = dt.date(2026, 3, 10)
    only_that_day = dashboard_table(
        key="revenue_by_class", period=Period(start=march_10, end=march_10)
    )
    assert sum(row["gross"] for row in only_that_day.rows) == 680_000
    the_day_after = dashboard_table(
        key="revenue_by_class", period=Period(start=march_10 + dt.timedelta(days=1))
    )
    assert the_day_after.rows == []
