"""`make bench-release`: releasing a week to 100,000 students, as ratios to baselines.

Machines are shared and noisy, so every number is reported next to a baseline measured in
the same run, on the same machine:

* **database phase**: ``week_release_create`` plus ``release_notices_create`` (the ledger
  rows by ``INSERT ... SELECT`` and the chunk tasks queued) for one class of N students,
  against a bare ``bulk_create`` of the same ledger rows in one transaction: the same tables,
  so the same columns and indexes (an outbox row per emailed student, then a notice per
  student linked to it), built from the class's enrollments read beforehand (untimed: the
  baseline is only the writing). Median of 3 runs of each, interleaved;
* **email phase**: emails/s through the real outbox task body (``outbox.send``: claim a
  chunk, render the week once, send over one SMTP connection, mark sent every 25) to a local
  SMTP sink (aiosmtpd, ``tests/smtp_sink.py``), against a baseline with no ledger that renders
  the same release email (HTML and text) for each recipient and sends it over one SMTP
  connection to the same sink. The ratio is what exactly-once costs (goal: >= 0.5x); the
  report also states the resend window (messages a killed worker can send twice);
* **no per-student query**: the database phase at N/100 and N/10 students (1k and 10k by
  default) runs the same queries, the ledger's INSERT statements included.

It runs on PostgreSQL when ``DATABASE_URL`` is set, else SQLite, in a database of its own
(``<name>_release_bench``, or ``var/release-bench.sqlite3``) that is migrated on first use
and kept: the students built by one run are reused by the next (delete the database to start
over). The Celery broker is ``memory://``: queued chunk tasks are never run by a worker.

    python -m benchmarks.release_bench [--enrollments 100000] [--emails 5000]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TextIO

from benchmarks.bench_database import bench_database_open

SLUG = "release-bench"
EMAIL_DOMAIN = "release-bench.invalid"
BUILD_BATCH = 5000
LEDGER_TABLES = ("courses_releasenotice", "outbox_outboxemail")
RUNS = 3  # each database-phase measurement is the median of this many runs


@dataclass
class Timed:
    name: str
    count: int
    seconds: float
    queries: int | None = None

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0


@dataclass
class QueryCheck:
    students: int
    queries: int
    ledger_inserts: int
    statements: list[str] = field(default_factory=list)

    @property
    def other_queries(self) -> int:
        return self.queries - self.ledger_inserts


@dataclass
class Report:
    bare_bulk_create: Timed
    release_db: Timed
    bare_email: Timed
    chunk_task: Timed
    query_checks: list[QueryCheck]
    warm_up_emails: int = 0
    resend_window: int = 0

    @property
    def db_ratio(self) -> float:
        """Release database phase time / bare bulk_create time (lower is better)."""
        return self.release_db.seconds / self.bare_bulk_create.seconds

    @property
    def email_ratio(self) -> float:
        """Outbox task emails/s / bare SMTP emails/s (higher is better)."""
        return self.chunk_task.per_second / self.bare_email.per_second


# --- the data ---------------------------------------------------------------------------------


def bench_course():
    """A course with week 1 and two lessons under the default site's root (created once)."""
    from wagtail.models import Page, Site

    from courses.models import CoursePage, LessonPage, WeekPage

    course = CoursePage.objects.filter(slug=SLUG).first()
    if course is not None:
        return course
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    parent = site.root_page if site else Page.get_first_root_node()
    course = parent.add_child(instance=CoursePage(title="Release benchmark course", slug=SLUG))
    week = course.add_child(instance=WeekPage(title="Outcomes", slug="week-1", number=1))
    for n in (1, 2):
        week.add_child(
            instance=LessonPage(
                title=f"Lesson 1.{n}", slug=f"lesson-{n}", summary="What the lesson covers."
            )
        )
    return course


def bench_cohort(course, students: int, out: TextIO):
    """A class of ``students`` active enrollments, built with ``bulk_create`` (kept between
    runs); its earlier releases are deleted so each run releases week 1 afresh."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.db import transaction

    from courses.models import Cohort, Enrollment, EnrollmentSource, WeekRelease
    from engine.outbox.models import OutboxEmail

    User = get_user_model()
    label = f"{SLUG}-{students}"
    cohort, _ = Cohort.objects.get_or_create(
        slug=label,
        defaults={
            "course": course,
            "name": f"Benchmark class of {students}",
            "start_date": date.today() - timedelta(days=1),
            "timezone": "UTC",
            "capacity": students,
        },
    )
    # The ledger rows of earlier runs: their outbox rows, then the releases (cascading).
    OutboxEmail.objects.filter(releasenotice__week_release__cohort=cohort).delete()
    WeekRelease.objects.filter(cohort=cohort).delete()
    have = cohort.enrollments.count()
    for start in range(have, students, BUILD_BATCH):
        stop = min(students, start + BUILD_BATCH)
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(
                        email=f"{label}-{i}@{EMAIL_DOMAIN}",
                        password=UNUSABLE_PASSWORD_PREFIX,
                        first_name="Bench",
                    )
                    for i in range(start, stop)
                ],
                batch_size=BUILD_BATCH,
            )
            Enrollment.objects.bulk_create(
                [
                    Enrollment(user=user, cohort=cohort, source=EnrollmentSource.STAFF)
                    for user in users
                ],
                batch_size=BUILD_BATCH,
            )
        print(f"  class of {students}: {stop:>7,}/{students:,} students", end="\r", file=out)
    if have < students:
        print(file=out)
    return cohort


# --- the measurements -------------------------------------------------------------------------


def timed(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def release_db_phase(cohort) -> tuple[Timed, QueryCheck, list[int]]:
    """The release row, then the ledger rows in bulk and the chunk tasks queued on commit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from courses import notices
    from courses.models import ReleaseSource
    from courses.services import week_release_create

    def release() -> list[int]:
        created, _ = week_release_create(
            cohort=cohort, week_number=1, source=ReleaseSource.SCHEDULE
        )
        return notices.release_notices_create(release_id=created.pk)

    students = cohort.enrollments.count()
    with CaptureQueriesContext(connection) as queries:
        seconds, pending = timed(release)
    inserts = sum(
        1
        for q in queries
        if q["sql"].lstrip().startswith("INSERT") and any(t in q["sql"] for t in LEDGER_TABLES)
    )
    check = QueryCheck(
        students=students,
        queries=len(queries),
        ledger_inserts=inserts,
        statements=[q["sql"][:80] for q in queries],
    )
    return Timed("release DB phase", students, seconds, len(queries)), check, pending


def bare_bulk_create(cohort) -> Timed:
    """The same ledger rows the release writes, by plain ``bulk_create`` into the same tables
    (same columns, same indexes and constraints), in one transaction; then removed. The rows
    belong to a release of week 2, so they never meet the measured release's rows."""
    from django.db import transaction
    from django.utils import timezone

    from courses.models import ReleaseNotice, ReleaseSource, WeekRelease
    from engine.outbox.models import OutboxEmail
    from engine.outbox.sending import SETTLE

    release = WeekRelease.objects.create(
        cohort=cohort, week_number=2, released_at=timezone.now(), source=ReleaseSource.STAFF
    )
    students = list(
        cohort.enrollments.filter(status="active").values_list("pk", "user__email").order_by("pk")
    )

    def insert() -> None:
        not_before = timezone.now() + SETTLE
        with transaction.atomic():
            emails = OutboxEmail.objects.bulk_create(
                [
                    OutboxEmail(
                        kind="release",
                        key=f"releasebench:{pk}",
                        recipients=[address],
                        not_before=not_before,
                    )
                    for pk, address in students
                ],
                batch_size=2000,
            )
            ReleaseNotice.objects.bulk_create(
                [
                    ReleaseNotice(enrollment_id=pk, week_release=release, email=email)
                    for (pk, _), email in zip(students, emails, strict=True)
                ],
                batch_size=2000,
            )

    seconds, _ = timed(insert)
    release.delete()
    OutboxEmail.objects.filter(key__startswith="releasebench:").delete()
    rows = 2 * len(students)
    return Timed(f"bare bulk_create ({rows:,} ledger rows)", rows, seconds)


def median_timed(runs: list[Timed]) -> Timed:
    """The run with the median time (3 runs: the middle one)."""
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def smtp_settings(sink):
    """Django's SMTP backend pointed at the local sink (no TLS, no auth)."""
    from django.test.utils import override_settings

    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=sink.port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
    )


def chunk_task_phase(pending: list[int], emails: int, sink) -> Timed:
    """The real outbox task body, chunk by chunk, over SMTP to the sink."""
    from courses.notices import NOTICE_CHUNK_SIZE
    from engine.outbox.services import chunks
    from engine.outbox.tasks import send_outbox_emails

    sample = pending[:emails]
    sent = 0

    def send_all() -> None:
        nonlocal sent
        for chunk in chunks(sample, NOTICE_CHUNK_SIZE):
            sent += send_outbox_emails.run(chunk)

    before = sink.count()
    with smtp_settings(sink):
        seconds, _ = timed(send_all)
    if sent != len(sample) or sink.count() - before != len(sample):
        raise AssertionError(f"the outbox task sent {sent} of {len(sample)} emails")
    return Timed("outbox task (claim, render, SMTP, mark)", sent, seconds)


def bare_email_phase(email_ids: list[int], sink) -> Timed:
    """No ledger: load the recipients, render the same release email (text and HTML) for each
    one, and send it over one SMTP connection to the sink."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives, get_connection
    from django.template.loader import render_to_string
    from django.urls import reverse

    from courses import emails
    from courses.models import ReleaseNotice

    def send_all() -> None:
        notices = list(
            ReleaseNotice.objects.filter(email_id__in=email_ids).select_related(
                "enrollment__user", "enrollment__cohort__course", "week_release"
            )
        )
        courses = {n.enrollment.cohort.course_id for n in notices}
        content = emails.weeks_content(course_ids=courses)
        dashboard = emails.absolute_url(reverse("courses_student:dashboard"))
        connection = get_connection()
        connection.open()
        try:
            for notice in notices:
                user, cohort = notice.enrollment.user, notice.enrollment.cohort
                week = emails.week_or_placeholder(content, cohort, notice.week_release.week_number)
                preferences = emails.preferences_url(user.pk)
                context = {
                    "name": user.first_name or user.email.split("@", 1)[0],
                    "cohort": cohort,
                    "course_title": cohort.course.title,
                    "week": week,
                    "dashboard_url": dashboard,
                    "preferences_url": preferences,
                }
                message = EmailMultiAlternatives(
                    subject=f"{settings.EMAIL_SUBJECT_PREFIX}Week {week.number} is live: "
                    f"{week.title}",
                    body=render_to_string("courses/emails/week_released.txt", context),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[user.email],
                    headers={"List-Unsubscribe": f"<{preferences}>"},
                    connection=connection,
                )
                message.attach_alternative(
                    render_to_string("courses/emails/week_released.html", context), "text/html"
                )
                connection.send_messages([message])
        finally:
            connection.close()

    before = sink.count()
    with smtp_settings(sink):
        seconds, _ = timed(send_all)
    if sink.count() - before != len(email_ids):
        raise AssertionError(f"the baseline sent {sink.count() - before} of {len(email_ids)}")
    return Timed("bare SMTP email (render each + send)", len(email_ids), seconds)


def check_sizes(enrollments: int) -> tuple[int, int]:
    return max(10, enrollments // 100), max(20, enrollments // 10)


def run(*, enrollments: int, emails: int, out: TextIO = sys.stdout) -> Report:
    """Build (or reuse) the classes, measure, check the query counts, print the table."""
    print(f"Building the benchmark classes ({enrollments:,} students)...", file=out)
    course = bench_course()
    small, medium = check_sizes(enrollments)
    cohorts = {n: bench_cohort(course, n, out) for n in (small, medium, enrollments)}

    print("Measuring the query counts at two class sizes...", file=out)
    release_db_phase(cohorts[small])  # warm per-process caches (content types, site root)
    bench_cohort(course, small, out)  # and forget that release
    checks = [release_db_phase(cohorts[n])[1] for n in (small, medium)]
    print(f"Measuring the database phase at {enrollments:,} students (3 runs)...", file=out)
    baselines, releases = [], []
    for _ in range(RUNS):
        baselines.append(bare_bulk_create(cohorts[enrollments]))
        bench_cohort(course, enrollments, out)  # forget the previous run's release
        release_db, check, pending = release_db_phase(cohorts[enrollments])
        releases.append(release_db)
    baseline, release_db = median_timed(baselines), median_timed(releases)
    checks.append(check)
    warm = min(10, len(pending) // 10)  # first use loads templates and URL patterns: untimed
    emails = min(emails, len(pending) - warm)
    print(f"Measuring the email phase ({emails:,} emails over SMTP)...", file=out)
    from engine.outbox.sending import flush_every
    from tests.smtp_sink import smtp_sink

    with smtp_sink() as sink:
        bare_email_phase(pending[:warm], sink)
        chunk_task_phase(pending[:warm], warm, sink)
        # The baseline sends to the same students the outbox is about to send to.
        bare = bare_email_phase(pending[warm : warm + emails], sink)
        chunk = chunk_task_phase(pending[warm:], emails, sink)

    report = Report(
        baseline,
        release_db,
        bare,
        chunk,
        checks,
        warm_up_emails=warm,
        resend_window=flush_every(),
    )
    print_report(report, out)
    first, second = checks[0], checks[1]
    if first.queries != second.queries:
        extra = "\n".join(sorted(set(second.statements) ^ set(first.statements)))
        raise AssertionError(
            f"per-student queries in the release path: {first.queries} queries at "
            f"{first.students:,} students, {second.queries} at {second.students:,}:\n"
            f"{extra}"
        )
    return report


def print_report(report: Report, out: TextIO) -> None:
    from django.db import connection

    print(
        f"\nDatabase: {connection.vendor}. Ratios are to baselines measured in this run.", file=out
    )
    header = f"{'phase':<44} {'rows':>9} {'seconds':>8} {'per s':>10} {'SQL':>6} {'ratio':>16}"
    print(header, file=out)
    print("-" * len(header), file=out)
    rows = [
        (report.bare_bulk_create, "baseline"),
        (report.release_db, f"{report.db_ratio:.2f}x the time"),
        (report.bare_email, "baseline"),
        (report.chunk_task, f"{report.email_ratio:.2f}x the rate"),
    ]
    for timing, ratio in rows:
        sql = "" if timing.queries is None else str(timing.queries)
        print(
            f"{timing.name:<44} {timing.count:>9,} {timing.seconds:>8.2f} "
            f"{timing.per_second:>10,.0f} {sql:>6} {ratio:>16}",
            file=out,
        )
    print(
        f"\nEmail phase: {report.email_ratio:.2f}x the bare SMTP rate (goal >= 0.5x); a killed "
        f"worker resends at most {report.resend_window} messages (sent is marked every "
        f"{report.resend_window}), each with its original Message-ID.",
        file=out,
    )
    print(
        f"\nDatabase phase: {report.db_ratio:.2f}x the time of the bare bulk_create of the same "
        f"rows (goal <= 1.0x), each the median of {RUNS} runs.",
        file=out,
    )
    print("\nRelease DB phase queries by class size (one INSERT ... SELECT per table):", file=out)
    for check in report.query_checks:
        print(
            f"  {check.students:>9,} students: {check.queries:>5} queries = "
            f"{check.other_queries} + {check.ledger_inserts} ledger INSERT(s)",
            file=out,
        )


# --- the command ------------------------------------------------------------------------------


def setup(out: TextIO) -> None:
    """Django with the benchmark settings, an in-memory broker, and the benchmark database."""
    bench_database_open(stem="release_bench", out=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enrollments", type=int, default=100_000, help="students in the class")
    parser.add_argument(
        "--emails", type=int, default=5000, help="emails sent through the chunk task (a sample)"
    )
    args = parser.parse_args(argv)
    if args.enrollments < 1 or args.emails < 1:
        parser.error("--enrollments and --emails must be at least 1")
    setup(sys.stdout)
    run(enrollments=args.enrollments, emails=args.emails)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
