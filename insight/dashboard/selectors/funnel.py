"""The funnel per class (enrolled, started week 1, ..., finished) and completion and drop-off
per lesson, for the students who enrolled within the period.

"Started week N": marked at least one of week N's live lessons done. "Finished": holds a
valid certificate (``courses.certificates`` issues it when the course's completion rule is
met) or marked every live lesson of the course done. Neither reads the progress rows: the
funnel adds up ``DashboardFacts.places`` (each place's progress summary, summed per group in
the database) and the lesson table sums ``LessonDoneCount``, the per-lesson counters
``courses.progress_counts`` keeps per class and enrollment day.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Avg, Count, FloatField, Q, Sum

from courses.models import LessonDoneCount
from insight.dashboard.selectors.facts import DashboardFacts
from insight.dashboard.tables import Chart, Column, Table, percent
from insight.feedback.models import LessonRating, UnclearFlag


def class_funnel(*, facts: DashboardFacts) -> Table:
    weeks = facts.curriculum.week_numbers
    rows = []
    for cohort_id, groups in facts.places_by_cohort().items():
        enrolled = sum(group.places for group in groups)
        finished = sum(group.finished for group in groups)
        rows.append(
            {
                "cohort_id": cohort_id,
                "cohort": facts.cohorts[cohort_id].name,
                "enrolled": enrolled,
                **{f"week_{n}": sum(group.started[n] for group in groups) for n in weeks},
                "finished": finished,
                "finished_percent": percent(finished, enrolled),
            }
        )
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


def lesson_completion(*, facts: DashboardFacts) -> Table:
    """Per live lesson, in course order: students who marked it done (of those enrolled),
    the drop-off from the lesson before, its ratings and its unclear-moment flags."""
    period = facts.period
    done = dict(
        LessonDoneCount.objects.filter(period.where_day("enrolled_on"))
        .values("lesson_id")
        .annotate(n=Sum("done"))
        .values_list("lesson_id", "n")
        .order_by()
    )
    enrolled: dict[int, int] = defaultdict(int)
    for group in facts.places:
        enrolled[facts.cohorts[group.cohort_id].course_id] += group.places
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
    for lesson in facts.curriculum.lessons:
        n = int(done.get(lesson.id) or 0)
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
