"""The funnel per class (enrolled, started week 1, ..., finished) and completion and drop-off
per lesson, for the students who enrolled within the period.

"Started week N": marked at least one of week N's live lessons done. "Finished": holds a
valid certificate (``courses.certificates`` issues it when the course's completion rule is
met) or marked every live lesson of the course done. All counted in the database, in one
pass over the progress rows: a GROUP BY per enrollment (the ORM's query: the weeks it
started, the lessons it finished) summed per class by an outer GROUP BY; then one GROUP BY
per lesson for the lesson table.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import (
    Avg,
    Case,
    Count,
    FloatField,
    IntegerField,
    Max,
    Q,
    Value,
    When,
)

from courses.models import CertificateStatus, Cohort, EnrollmentStatus, LessonProgress
from insight.dashboard.period import Period
from insight.dashboard.selectors.curriculum import Curriculum
from insight.dashboard.selectors.enrollments import enrollments_in
from insight.dashboard.tables import Chart, Column, Table, percent
from insight.feedback.models import LessonRating, UnclearFlag


def progress_in(period: Period):
    """Lessons done by the students the dashboard counts (a join, not an IN list)."""
    return LessonProgress.objects.filter(period.where("enrollment__created_at")).exclude(
        enrollment__status=EnrollmentStatus.TRANSFERRED
    )


def _per_enrollment(period: Period, curriculum: Curriculum):
    """One row per enrollment counted: its class, whether it started each week (0/1), the
    live lessons it marked done, its course's number of live lessons, and whether it holds a
    valid certificate. A single pass over the progress rows (a LEFT JOIN grouped by
    enrollment), which the funnel then sums per class."""
    totals = curriculum.lessons_per_course()
    lessons_total = Case(
        *(When(cohort__course_id=course, then=Value(n)) for course, n in totals.items()),
        default=Value(0),
        output_field=IntegerField(),
    )

    def flag(condition: Q):
        return Max(Case(When(condition, then=Value(1)), default=Value(0)))

    return (
        enrollments_in(period)
        .values("pk", "cohort_id")  # GROUP BY the enrollment
        .annotate(
            **{
                f"week_{n}": flag(
                    Q(lesson_progress__lesson_id__in=curriculum.lesson_ids(week_number=n))
                )
                for n in curriculum.week_numbers
            },
            done=Count(
                "lesson_progress", filter=Q(lesson_progress__lesson_id__in=curriculum.lesson_ids())
            ),
            lessons_total=Max(lessons_total),
            certified=flag(Q(certificate__status=CertificateStatus.VALID)),
        )
        .order_by()
    )


def class_funnel(*, period: Period, curriculum: Curriculum) -> Table:
    weeks = curriculum.week_numbers
    inner, params = _per_enrollment(period, curriculum).query.sql_with_params()
    sums = "".join(f", SUM(week_{n})" for n in weeks)
    finished = (
        "SUM(CASE WHEN certified = 1 OR (lessons_total > 0 AND done >= lessons_total) "
        "THEN 1 ELSE 0 END)"
    )
    sql = f"SELECT cohort_id, COUNT(*), {finished}{sums} FROM ({inner}) per_enrollment GROUP BY cohort_id"  # noqa: S608, E501 (column names are ours; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts = {row[0]: row[1:] for row in cursor.fetchall()}
    rows = []
    for cohort in Cohort.objects.filter(pk__in=counts).order_by("start_date", "pk"):
        enrolled, finished_n, *started = counts[cohort.pk]
        rows.append(
            {
                "cohort_id": cohort.pk,
                "cohort__name": cohort.name,
                "enrolled": enrolled,
                "finished": int(finished_n or 0),
                **{f"week_{n}": int(v or 0) for n, v in zip(weeks, started, strict=True)},
            }
        )
    for row in rows:
        row["cohort"] = row["cohort__name"]
        row["finished_percent"] = percent(row["finished"], row["enrolled"])
    week_columns = [Column(f"week_{n}", f"Started week {n}") for n in weeks]
    return Table(
        key="funnel_by_class",
        title="Funnel per class",
        description="Of the students who enrolled, how many started each week and finished "
        "(a certificate, or every lesson done).",
        columns=[
            Column("cohort", "Class", "text"),
            Column("enrolled", "Enrolled"),
            *week_columns,
            Column("finished", "Finished"),
            Column("finished_percent", "Finished (% of enrolled)", "percent"),
        ],
        rows=rows,
        chart=Chart("bar", "cohort", ("enrolled", *(c.key for c in week_columns), "finished")),
    )


def lesson_completion(*, period: Period, curriculum: Curriculum) -> Table:
    """Per live lesson, in course order: students who marked it done (of those enrolled),
    the drop-off from the lesson before, its ratings and its unclear-moment flags."""
    done = dict(
        progress_in(period)
        .values("lesson_id")
        .annotate(n=Count("pk"))
        .values_list("lesson_id", "n")
    )
    enrolled = dict(
        enrollments_in(period)
        .values("cohort__course_id")
        .annotate(n=Count("pk"))
        .values_list("cohort__course_id", "n")
    )
    ratings = {
        row["lesson_id"]: row
        for row in LessonRating.objects.filter(period.where("updated_at"))
        .values("lesson_id")
        .annotate(ratings=Count("pk"), average=Avg("score", output_field=FloatField()))
        .order_by()
    }
    flags = {
        row["lesson_id"]: row
        for row in UnclearFlag.objects.filter(period.where("created_at"))
        .values("lesson_id")
        .annotate(flags=Count("pk"), flags_open=Count("pk", filter=Q(handled_at__isnull=True)))
        .order_by()
    }
    rows = []
    previous: dict[int, int] = {}  # course -> done of the lesson before
    for lesson in curriculum.lessons:
        n = done.get(lesson.id, 0)
        before = previous.get(lesson.course_id)
        rating = ratings.get(lesson.id, {})
        flag = flags.get(lesson.id, {})
        rows.append(
            {
                "lesson_id": lesson.id,
                "lesson": f"Week {lesson.week_number}: {lesson.title}",
                "done": n,
                "done_percent": percent(n, enrolled.get(lesson.course_id, 0)),
                "drop_off": None if before is None else before - n,
                "ratings": rating.get("ratings", 0),
                "average_rating": _rounded(rating.get("average")),
                "flags": flag.get("flags", 0),
                "flags_open": flag.get("flags_open", 0),
            }
        )
        previous[lesson.course_id] = n
    return Table(
        key="lessons",
        title="Lessons: completion, drop-off and ratings",
        description="Per lesson in course order: students who marked it done, how many fewer "
        "than the lesson before, its average rating (1-5) and unclear-moment flags.",
        columns=[
            Column("lesson", "Lesson", "text"),
            Column("done", "Done"),
            Column("done_percent", "Done (% of enrolled)", "percent"),
            Column("drop_off", "Drop-off from previous"),
            Column("ratings", "Ratings"),
            Column("average_rating", "Average rating", "average"),
            Column("flags", "Unclear flags"),
            Column("flags_open", "Flags open"),
        ],
        rows=rows,
        chart=Chart("line", "lesson", ("done",)),
        empty="No live lessons yet.",
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
