"""`make bench-insight`: the analytics dashboard over 100,000 enrollments and 1,000,000
lesson-progress rows, as a ratio to one bare ``COUNT(*) ... GROUP BY cohort`` over the same
enrollment table, measured in the same run on the same machine (issue 19, Benchmark).

What is timed, each the median of ``--runs`` interleaved runs:

* **baseline**: ``SELECT cohort_id, COUNT(*) FROM courses_enrollment GROUP BY cohort_id``
  through Django's cursor;
* **dashboard page**: ``GET /admin/analytics/`` as a superuser, in-process with Django's test
  client: every figure's queries, the tables, the charts' JSON, the admin template;
* **dashboard figures**: ``insight.dashboard.selectors.dashboard_tables`` alone (the queries
  and the tables, no template).

The goal is the page within 10x the baseline. The report also gives the page's query count
at a tenth of the data and at full size (the same: nothing is counted per row in Python).

The data is written in the database, not in Python: users, enrollments and progress rows by
``INSERT ... SELECT`` over ``generate_series`` on PostgreSQL (a recursive CTE on SQLite),
spread over 10 classes of one 10-week course of 50 lessons; each student marks 0 to 20
lessons done (10 on average, so 10 progress rows per enrollment), 1 in 20 has an order (1 in
5 of those with a discount code, 1 in 10 refunded), 1 in 10 rated a lesson; rows written
in SQL go around the app's counters, so ``progress_counts_rebuild`` then builds them, as
``manage.py progress_counts_rebuild`` would after an import. It runs on
PostgreSQL when ``DATABASE_URL`` is set, else SQLite, in a database of its own
(``<name>_insight_bench`` or ``var/insight-bench.sqlite3``), migrated on first use and kept:
a second run with the same size reuses the data.

    python -m benchmarks.insight_bench [--enrollments 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import TextIO

from benchmarks.bench_database import bench_database_open

SLUG = "insight-bench"
EMAIL_DOMAIN = "insight-bench.invalid"
CLASSES = 10
WEEKS = 10
LESSONS_PER_WEEK = 5
#: A student marks ``id % SPREAD`` lessons done: 0..20, 10 on average.
SPREAD = 21
GOAL = 10.0  # the page within this many times the bare GROUP BY
BASELINE_SQL = "SELECT cohort_id, COUNT(*) FROM courses_enrollment GROUP BY cohort_id"
PAGE = "/admin/analytics/"


@dataclass
class Report:
    enrollments: int
    progress_rows: int
    orders: int
    baseline_ms: float
    page_ms: float
    figures_ms: float
    page_queries: int
    small_page_queries: int
    vendor: str
    #: Where the figures' time goes: the shared reads, then each table from them (median ms).
    parts: dict[str, float] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        """The page's time over the bare GROUP BY's (lower is better)."""
        return self.page_ms / self.baseline_ms if self.baseline_ms else float("inf")

    @property
    def figures_ratio(self) -> float:
        return self.figures_ms / self.baseline_ms if self.baseline_ms else float("inf")

    @property
    def goal_met(self) -> bool:
        return self.ratio <= GOAL and self.page_queries == self.small_page_queries


# --- the data ---------------------------------------------------------------------------------


def bench_course():
    """A course of 10 weeks of 5 lessons under the default site's root (created once)."""
    from wagtail.models import Page, Site

    from courses.models import CoursePage, LessonPage, WeekPage

    course = CoursePage.objects.filter(slug=SLUG).first()
    if course is not None:
        return course
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    parent = site.root_page if site else Page.get_first_root_node()
    course = parent.add_child(instance=CoursePage(title="Insight benchmark course", slug=SLUG))
    for number in range(1, WEEKS + 1):
        week = course.add_child(
            instance=WeekPage(title=f"Week {number}", slug=f"week-{number}", number=number)
        )
        for n in range(1, LESSONS_PER_WEEK + 1):
            week.add_child(
                instance=LessonPage(
                    title=f"Lesson {number}.{n}", slug=f"lesson-{n}", summary="What it covers."
                )
            )
    return course


def bench_cohorts(course, size: int) -> list:
    from courses.models import Cohort

    cohorts = []
    for k in range(CLASSES):
        cohort, _ = Cohort.objects.get_or_create(
            slug=f"{SLUG}-{size}-{k}",
            defaults={
                "course": course,
                "name": f"Bench class {k + 1} ({size:,})",
                "start_date": date(2026, 1, 5) + timedelta(weeks=4 * k),
                "timezone": "UTC",
                "capacity": size,
            },
        )
        cohorts.append(cohort)
    return cohorts


#: Users 0..N-1 (one parameter, N, then the columns' values), written by the database.
USERS_SQL = {
    "postgresql": "WITH s(n) AS (SELECT generate_series(0, %s - 1))",
    "sqlite": "WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n + 1 < %s)",
}
USERS_INSERT = """
    INSERT INTO cms_user (password, is_superuser, first_name, last_name, is_staff,
                          is_active, date_joined, email, job_title, company)
    SELECT '!', %s, 'Bench', '', %s, %s, %s, %s || n || %s, '', '' FROM s"""
ENROLLMENTS_INSERT = """
    INSERT INTO courses_enrollment (user_id, cohort_id, tier, source, status, created_at)
    SELECT id, %s,
           CASE WHEN id %% 5 = 0 THEN 'executive' ELSE 'standard' END,
           CASE WHEN id %% 7 = 0 THEN 'team_seat' ELSE 'order' END,
           CASE WHEN id %% 20 = 0 THEN 'refunded' ELSE 'active' END,
           %s
    FROM cms_user WHERE email LIKE %s AND id %% %s = %s"""
#: Each student of the run marks ``id % SPREAD`` lessons done, the first ones in course order
#: (``bench_lesson_rank`` holds the order).
PROGRESS_INSERT = """
    INSERT INTO courses_lessonprogress (enrollment_id, lesson_id, completed_at)
    SELECT e.id, r.lesson_id, %s
    FROM courses_enrollment e
    JOIN cms_user u ON u.id = e.user_id
    JOIN bench_lesson_rank r ON r.position < e.id %% %s
    WHERE u.email LIKE %s"""


def bench_data(*, enrollments: int, out: TextIO) -> list:
    """The classes of ``enrollments`` students in all, with their progress, orders and
    ratings, written by the database (kept between runs of the same size)."""
    from django.db import connection, transaction

    from courses.models import Enrollment, LessonPage
    from courses.progress_counts import progress_counts_rebuild

    course = bench_course()
    cohorts = bench_cohorts(course, enrollments)
    ids = [c.pk for c in cohorts]
    if Enrollment.objects.filter(cohort_id__in=ids).exists():
        return cohorts
    lessons = list(
        LessonPage.objects.descendant_of(course).order_by("path").values_list("pk", flat=True)
    )
    vendor = "postgresql" if connection.vendor == "postgresql" else "sqlite"
    prefix = f"{SLUG}-{enrollments}-"
    now = datetime.now().astimezone()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            USERS_SQL[vendor] + USERS_INSERT,
            [enrollments, False, False, True, now, prefix, f"@{EMAIL_DOMAIN}"],
        )
        for k, cohort_id in enumerate(ids):
            # Class k's students enrolled in the weeks before it started.
            created = datetime.combine(cohorts[k].start_date, datetime.min.time()).astimezone()
            cursor.execute(
                ENROLLMENTS_INSERT,
                [cohort_id, created - timedelta(days=k % 28), f"{prefix}%", CLASSES, k],
            )
        cursor.execute("CREATE TEMPORARY TABLE bench_lesson_rank (position int, lesson_id int)")
        cursor.executemany(
            "INSERT INTO bench_lesson_rank (position, lesson_id) VALUES (%s, %s)",
            list(enumerate(lessons)),
        )
        cursor.execute(PROGRESS_INSERT, [now, SPREAD, f"{prefix}%"])
        cursor.execute("DROP TABLE bench_lesson_rank")
    print(f"  users, enrollments, progress: {time.perf_counter() - started:.1f} s", file=out)
    started = time.perf_counter()
    progress_counts_rebuild()  # rows written in SQL: their summaries, as the command does
    print(f"  progress summaries: {time.perf_counter() - started:.1f} s", file=out)
    _orders_and_ratings(ids, lessons, now)
    with connection.cursor() as cursor:
        # Statistics for the planner and, on PostgreSQL, the visibility map index-only scans
        # need: what autovacuum gives a production table that was not just bulk-loaded.
        # (VACUUM cannot run in a transaction, as in the small-scale test: ANALYZE only.)
        vacuum = vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return cohorts


def _orders_and_ratings(cohort_ids: list[int], lessons: list[int], now) -> None:
    from courses.models import Enrollment
    from insight.feedback.models import LessonRating
    from payments.models import DiscountCode, Order, OrderStatus

    code, _ = DiscountCode.objects.get_or_create(
        code="BENCH100", defaults={"amount_off": 10_000, "currency": "usd"}
    )
    rows = list(
        Enrollment.objects.filter(cohort_id__in=cohort_ids).values_list(
            "pk", "user_id", "cohort_id", "tier"
        )
    )
    orders, ratings = [], []
    for pk, user_id, cohort_id, tier in rows:
        if pk % 20 == 0:
            discount = 10_000 if pk % 100 == 0 else 0
            paid = 100_000 - discount
            orders.append(
                Order(
                    buyer_id=user_id,
                    cohort_id=cohort_id,
                    capacity_kind="cohort",
                    capacity_target_id=cohort_id,
                    tier=tier,
                    seats=1,
                    status=OrderStatus.FULFILLED,
                    list_unit_amount=100_000,
                    unit_amount=100_000,
                    subtotal_amount=100_000,
                    discount_amount=discount,
                    discount_code=code if discount else None,
                    total_amount=paid,
                    amount_paid=paid,
                    amount_refunded=paid if pk % 200 == 0 else 0,
                    paid_at=now,
                )
            )
        if pk % 10 == 0:
            ratings.append(
                LessonRating(
                    lesson_id=lessons[pk % len(lessons)],
                    user_id=user_id,
                    cohort_id=cohort_id,
                    score=1 + pk % 5,
                )
            )
    Order.objects.bulk_create(orders, batch_size=2000)
    LessonRating.objects.bulk_create(ratings, batch_size=2000)


# --- the measurements -------------------------------------------------------------------------


def _ms(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def _page_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    User = get_user_model()
    admin, _ = User.objects.get_or_create(
        email=f"admin@{EMAIL_DOMAIN}",
        defaults={"is_staff": True, "is_superuser": True, "first_name": "Bench"},
    )
    client = Client()
    client.force_login(admin)
    return client


def page_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(PAGE)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE)
    if response.status_code != 200:
        raise RuntimeError(f"{PAGE} answered {response.status_code}")
    return len(queries)


def figures_parts(runs: int) -> dict[str, float]:
    """The figures' time split: the reads several tables share, then each table."""
    from insight.dashboard.period import Period
    from insight.dashboard.selectors import TABLES
    from insight.dashboard.selectors.facts import DashboardFacts

    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        facts = DashboardFacts(period=Period())
        for name in ("curriculum", "cohorts", "places"):
            samples.setdefault(f"shared: {name}", []).append(_ms(partial(getattr, facts, name)))
        for key, build in TABLES.items():
            samples.setdefault(key, []).append(_ms(partial(build, facts)))
    return {name: statistics.median(values) for name, values in samples.items()}


def run(*, enrollments: int, runs: int = 5, out: TextIO = sys.stdout) -> Report:
    from django.db import connection

    from courses.models import Enrollment, LessonProgress
    from insight.dashboard.period import Period
    from insight.dashboard.selectors import dashboard_tables
    from payments.models import Order

    small = max(enrollments // 10, CLASSES)
    print(f"Building {small:,} and {enrollments:,} enrollments (kept for next time)...", file=out)
    bench_data(enrollments=small, out=out)
    cohorts = bench_data(enrollments=enrollments, out=out)
    client = _page_client()
    small_queries = page_queries(client)  # every class in the database: both sizes
    ids = [c.pk for c in cohorts]
    progress = LessonProgress.objects.filter(enrollment__cohort_id__in=ids).count()
    enrolled = Enrollment.objects.filter(cohort_id__in=ids).count()
    orders = Order.objects.filter(cohort_id__in=ids).count()

    def baseline() -> None:
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL)
            cursor.fetchall()

    def page() -> None:
        response = client.get(PAGE)
        assert response.status_code == 200, response.status_code

    def figures() -> None:
        dashboard_tables(period=Period())

    base_runs, page_runs, figure_runs = [], [], []
    baseline(), page(), figures()  # warm caches and connections
    for n in range(1, runs + 1):
        print(f"  run {n}/{runs}", end="\r", file=out, flush=True)
        base_runs.append(_ms(baseline))
        page_runs.append(_ms(page))
        figure_runs.append(_ms(figures))
    print(" " * 20, end="\r", file=out)
    report = Report(
        parts=figures_parts(runs),
        enrollments=enrolled,
        progress_rows=progress,
        orders=orders,
        baseline_ms=statistics.median(base_runs),
        page_ms=statistics.median(page_runs),
        figures_ms=statistics.median(figure_runs),
        page_queries=page_queries(client),
        small_page_queries=small_queries,
        vendor=connection.vendor,
    )
    print_report(report, out)
    return report


def print_report(report: Report, out: TextIO) -> None:
    print(
        f"\nAnalytics dashboard on {report.vendor}: {report.enrollments:,} enrollments of the "
        f"benchmark classes, {report.progress_rows:,} progress rows, {report.orders:,} orders "
        "(plus the smaller classes).",
        file=out,
    )
    print("Median ms; ratio = time / the bare GROUP BY's time (lower is better).", file=out)
    print(f"{'':<40} {'ms':>9} {'ratio':>8}", file=out)
    print(
        f"{'bare COUNT(*) GROUP BY cohort':<40} {report.baseline_ms:>9.1f} {'1.00x':>8}", file=out
    )
    print(
        f"{'dashboard figures (selectors)':<40} {report.figures_ms:>9.1f} "
        f"{report.figures_ratio:>7.2f}x",
        file=out,
    )
    print(
        f"{'dashboard page (GET /admin/analytics/)':<40} {report.page_ms:>9.1f} "
        f"{report.ratio:>7.2f}x",
        file=out,
    )
    for name, ms in report.parts.items():
        print(f"  {name:<38} {ms:>9.1f} {ms / report.baseline_ms:>7.2f}x", file=out)
    print(
        f"Page queries: {report.page_queries} (at a tenth of the data: "
        f"{report.small_page_queries}). Goal: page <= {GOAL:.0f}x the baseline, same queries: "
        f"{'met' if report.goal_met else 'NOT met'}.",
        file=out,
    )


# --- the command ------------------------------------------------------------------------------


def setup(out: TextIO) -> None:
    """The benchmark database, and collected static files (the bench settings serve them
    from the manifest, as production does)."""
    bench_database_open(stem="insight_bench", out=out)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enrollments", type=int, default=100_000, help="students in all")
    parser.add_argument("--runs", type=int, default=5, help="runs of each; the median is kept")
    args = parser.parse_args(argv)
    if args.enrollments < CLASSES or args.runs < 1:
        parser.error(f"--enrollments must be at least {CLASSES} and --runs at least 1")
    setup(sys.stdout)
    report = run(enrollments=args.enrollments, runs=args.runs)
    return 0 if report.goal_met else 1


if __name__ == "__main__":
    raise SystemExit(main())
