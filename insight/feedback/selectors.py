"""Reads: a student's own feedback on a lesson; the editors' summary and queue of a lesson."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, CharField, Count, FloatField, IntegerField, Value
from django.db.models.functions import Cast

from courses.models import LessonPage
from courses.selectors import transcript_cues
from courses.transcripts import Cue
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


def unclear_flags_of(*, user, lesson: LessonPage) -> list[UnclearFlag]:
    """The flags ``user`` raised on ``lesson``, by moment (handled ones too)."""
    return list(UnclearFlag.objects.filter(lesson=lesson, user=user).order_by("moment", "pk"))


def lesson_transcript_cues(*, lesson: LessonPage) -> list[Cue]:
    """The cues of the lesson video's transcript (the first video with one), or none."""
    for block in lesson.body:
        if block.block_type == "video" and block.value.get("transcript"):
            return transcript_cues(document=block.value["transcript"]) or []
    return []


def lesson_video_seconds(*, lesson: LessonPage) -> float | None:
    """How long the lesson's video runs, as far as the school knows: the later of its
    transcript's last cue and the lesson's stated duration; ``None`` if neither is known."""
    cues = lesson_transcript_cues(lesson=lesson)
    known = [cues[-1].end] if cues else []
    if lesson.duration_minutes:
        known.append(lesson.duration_minutes * 60.0)
    return max(known) if known else None


@dataclass(frozen=True)
class ReaderFeedback:
    """What one student gave one lesson: their rating (score and comment only) and their
    unclear flags (moment and note only), for the lesson page's panel."""

    rating: LessonRating | None
    flags: list[UnclearFlag]


def reader_feedback_of(*, user, lesson: LessonPage) -> ReaderFeedback:
    """The student's rating and flags of ``lesson`` in one query (a ``UNION ALL`` of the two
    tables' few columns), so the panel under every lesson costs one indexed read."""
    if not getattr(user, "is_authenticated", False):
        return ReaderFeedback(rating=None, flags=[])
    rating = (
        LessonRating.objects.filter(lesson=lesson, user=user)
        .annotate(
            row_kind=Value(0, output_field=IntegerField()),
            number=Cast("score", FloatField()),
            text=Cast("comment", CharField()),
        )
        .values_list("row_kind", "number", "text")
        .order_by()  # (a member of a UNION may not have its own ORDER BY on SQLite)
    )
    flags = (
        UnclearFlag.objects.filter(lesson=lesson, user=user)
        .annotate(
            row_kind=Value(1, output_field=IntegerField()),
            number=Cast("moment", FloatField()),
            text=Cast("note", CharField()),
        )
        .values_list("row_kind", "number", "text")
        .order_by()  # (a member of a UNION may not have its own ORDER BY on SQLite)
    )
    given, flagged = None, []
    for kind, number, text in rating.union(flags, all=True):
        if kind == 0:
            given = LessonRating(lesson=lesson, user=user, score=round(number), comment=text)
        else:
            flagged.append(UnclearFlag(lesson=lesson, user=user, moment=number, note=text))
    flagged.sort(key=lambda flag: flag.moment)
    return ReaderFeedback(rating=given, flags=flagged)


def lesson_flag_groups(
    *, lesson: LessonPage, include_handled: bool = False
) -> list[MomentGroup[UnclearFlag]]:
    """The lesson's flags (open ones unless ``include_handled``), grouped by moment; one
    query whatever their number."""
    flags = UnclearFlag.objects.filter(lesson=lesson).select_related("user", "cohort")
    if not include_handled:
        flags = flags.filter(handled_at__isnull=True)
    return group_by_moment(list(flags), moment_of=lambda flag: flag.moment)


def lesson_open_flag_count(*, lesson: LessonPage) -> int:
    return UnclearFlag.objects.filter(lesson=lesson, handled_at__isnull=True).count()
