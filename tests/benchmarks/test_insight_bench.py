"""The analytics dashboard benchmark at a tiny size, so it cannot rot: it writes its data by
INSERT ... SELECT, measures the page against the bare GROUP BY and prints its table."""

import io

import pytest

from benchmarks import insight_bench
from courses.models import Enrollment, LessonProgress
from insight.dashboard.period import Period
from insight.dashboard.selectors import dashboard_table

pytestmark = pytest.mark.django_db


def test_the_insight_benchmark_runs_small_and_reports_its_ratio():
    out = io.StringIO()
    report = insight_bench.run(enrollments=420, runs=1, out=out)

    assert report.enrollments == 420
    # Each student marks id % 21 lessons done: 10 on average over 21 consecutive ids.
    assert 420 * 8 <= report.progress_rows <= 420 * 12
    assert (
        report.progress_rows
        == LessonProgress.objects.filter(
            enrollment__cohort__slug__startswith="insight-bench-420-"
        ).count()
    )
    assert report.orders == 420 // 20  # one order per 20 consecutive enrollment ids
    assert report.baseline_ms > 0 and report.page_ms > 0 and report.ratio > 0
    assert report.page_queries == report.small_page_queries
    table = out.getvalue()
    for line in ("bare COUNT(*) GROUP BY cohort", "dashboard page (GET /admin/analytics/)", "Goal"):
        assert line in table


def test_the_written_data_reads_back_through_the_dashboard():
    insight_bench.run(enrollments=210, runs=1, out=io.StringIO())
    funnel = dashboard_table(key="funnel_by_class", period=Period()).rows
    bench = [row for row in funnel if row["cohort"].endswith("(210)")]
    assert (
        sum(row["enrolled"] for row in bench)
        == Enrollment.objects.filter(cohort__slug__startswith="insight-bench-210-").count()
        == 210
    )
    # Week 1 has 5 lessons: whoever marked one or more lessons done started it.
    assert 0 < sum(row["week_1"] for row in bench) < 210
