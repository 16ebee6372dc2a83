"""The funnel per class (enrolled, started week 1, ..., finished) and completion and drop-off
per lesson, for the students who enrolled within the period.

"Started week N": marked at least one of week N's live lessons done. "Finished": holds a
valid certificate (``courses.certificates`` issues it when the course's completion rule is
met) or marked every live lesson of the course done. All counted in the database: one
GROUP BY over the progress rows for the weeks, one over the enrollments (with a correlated
count of each one's lessons done) for enrolled and finished, one per lesson.
"""

from __future__ import annotations

from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from courses.models import CertificateStatus, EnrollmentStatus, LessonProgress
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


def class_funnel(*, period: Period, curriculum: Curriculum) -> Table:
    weeks = curriculum.week_numbers
    started = {
        row["cohort"]: row
        for row in progress_in(period)
        .values(cohort=F("enrollment__cohort_id"))
        .annotate(
            **{
                f"week_{n}": Count(
                    "enrollment_id",
                    distinct=True,
                    filter=Q(lesson_id__in=curriculum.lesson_ids(week_number=n)),
                )
                for n in weeks
            }
        )
        .order_by()
    }
    totals = curriculum.lessons_per_course()
    lessons_done = (
        LessonProgress.objects.filter(
            enrollment=OuterRef("pk"), lesson_id__in=curriculum.lesson_ids()
        )
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    lessons_total = Case(
        *(When(cohort__course_id=course, then=Value(n)) for course, n in totals.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = list(
        enrollments_in(period)
        .annotate(done=Coalesce(Subquery(lessons_done), 0), lessons_total=lessons_total)
        .values("cohort_id", "cohort__name", "cohort__start_date")
        .annotate(
            enrolled=Count("pk"),
            finished=Count(
                "pk",
                filter=Q(certificate__status=CertificateStatus.VALID)
                | Q(lessons_total__gt=0, done__gte=F("lessons_total")),
            ),
        )
        .order_by("cohort__start_date", "cohort_id")
    )
    for row in rows:
        row["cohort"] = row["cohort__name"]
        weekly = started.get(row["cohort_id"], {})
        for n in weeks:
            row[f"week_{n}"] = weekly.get(f"week_{n}", 0)
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
