"""Reads: a student's own feedback on a lesson; the editors' summary and queue of a lesson."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count

from courses.models import LessonPage
from insight.feedback.grouping import MomentGroup, group_by_moment
from insight.feedback.models import LessonRating, UnclearFlag


@dataclass(frozen=True)
class RatingSummary:
    count: int
    average: float | None


def lesson_rating_summary(*, lesson: LessonPage) -> RatingSummary:
    row = LessonRating.objects.filter(lesson=lesson).aggregate(n=Count("pk"), avg=Avg("score"))
    average = round(row["avg"], 2) if row["avg"] is not None else None
    return RatingSummary(count=row["n"], average=average)


def lesson_rating_of(*, user, lesson: LessonPage) -> LessonRating | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return LessonRating.objects.filter(lesson=lesson, user=user).first()


def lesson_flag_groups(
    *, lesson: LessonPage, include_handled: bool = False
) -> list[MomentGroup[UnclearFlag]]:
    """The lesson's flags (open ones unless ``include_handled``), grouped by moment; one
    query whatever their number."""
    flags = UnclearFlag.objects.filter(lesson=lesson).select_related("user", "cohort")
    if not include_handled:
        flags = flags.filter(handled_at__isnull=True)
    return group_by_moment(list(flags), moment_of=lambda flag: flag.moment)
