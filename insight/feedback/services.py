"""Writes: rate a lesson, flag an unclear moment, mark flags handled.

Who may rate or flag is the access policy's: a student whose class has the lesson's week open
(``lesson_access`` says ``granted``). Staff previews, locked weeks and ended enrollments are
refused with the policy's message.
"""

from __future__ import annotations

import math
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cms.rate_limits import rate_limit_consume, user_key
from courses.models import LessonPage
from courses.selectors.access import Access, AccessReason, lesson_access
from courses.transcripts import format_timestamp
from insight.feedback.models import (
    COMMENT_MAX_LENGTH,
    MOMENT_MAX,
    NOTE_MAX_LENGTH,
    SCORE_MAX,
    SCORE_MIN,
    LessonRating,
    UnclearFlag,
)
from insight.feedback.selectors import lesson_video_seconds

FLAGGING_REFUSED = "You're flagging too fast"


class FeedbackClosed(PermissionDenied):
    """The access policy does not let this person rate or flag the lesson (``access`` says why)."""

    def __init__(self, message: str, access: Access):
        super().__init__(message)
        self.message = message
        self.access = access


def feedback_access(*, user, lesson: LessonPage, now: datetime | None = None) -> Access:
    """The policy's yes for ``user`` rating, flagging or reading their feedback on ``lesson``;
    ``FeedbackClosed`` (with the policy's reason) otherwise."""
    now = now or timezone.now()
    access = lesson_access(user=user, lesson=lesson, now=now)
    if access.reason != AccessReason.GRANTED:
        raise FeedbackClosed(
            access.message
            if access.reason != AccessReason.STAFF_PREVIEW
            else "Only students of a class rate lessons and flag moments.",
            access,
        )
    return access


def _score(raw) -> int:
    try:
        score = int(raw)
    except (TypeError, ValueError):
        raise ValidationError({"score": "Choose a rating from 1 to 5."}) from None
    if not SCORE_MIN <= score <= SCORE_MAX or str(raw).strip() not in (str(score),):
        raise ValidationError({"score": "Choose a rating from 1 to 5."})
    return score


def _moment(raw, *, lesson: LessonPage) -> float:
    """Seconds into the video: a number from 0 to the end of the lesson's video (24 hours
    when its length is not known)."""
    if isinstance(raw, bool):
        raw = None
    try:
        moment = float(raw)
    except (TypeError, ValueError):
        raise ValidationError({"moment": "The moment is a number of seconds, like 192."}) from None
    if not math.isfinite(moment) or not 0 <= moment <= MOMENT_MAX:
        raise ValidationError({"moment": "The moment must be between 0 and 24 hours of video."})
    end = lesson_video_seconds(lesson=lesson)
    if end is not None and moment > end:
        raise ValidationError(
            {
                "moment": f"The video is {format_timestamp(end)} long: choose a moment between "
                f"0:00 and {format_timestamp(end)}."
            }
        )
    return round(moment, 3)


def lesson_rate(
    *, user, lesson: LessonPage, score, comment: str = "", now: datetime | None = None
) -> LessonRating:
    """Rate ``lesson`` (1-5, optional comment); a second rating replaces the first. One
    statement (``INSERT ... ON CONFLICT DO UPDATE``), so concurrent submits leave one row."""
    now = now or timezone.now()
    access = feedback_access(user=user, lesson=lesson, now=now)
    score = _score(score)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"comment": f"Keep the comment under {COMMENT_MAX_LENGTH} characters."}
        )
    LessonRating.objects.bulk_create(
        [
            LessonRating(
                lesson=lesson,
                user=user,
                cohort=access.cohort,
                score=score,
                comment=comment,
                created_at=now,
                updated_at=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["lesson", "user"],
        update_fields=["score", "comment", "cohort", "updated_at"],
    )
    return LessonRating.objects.get(lesson=lesson, user=user)


def unclear_flag_create(
    *, user, lesson: LessonPage, moment, note: str = "", now: datetime | None = None
) -> UnclearFlag:
    """Flag ``moment`` seconds into ``lesson``'s video as unclear, with an optional note."""
    now = now or timezone.now()
    access = feedback_access(user=user, lesson=lesson, now=now)
    moment = _moment(moment, lesson=lesson)
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": f"Keep the note under {NOTE_MAX_LENGTH} characters."})
    with transaction.atomic():
        rate_limit_consume(
            scope="unclear_flag", key=user_key(user), refused=FLAGGING_REFUSED, now=now
        )
        return UnclearFlag.objects.create(
            lesson=lesson, user=user, cohort=access.cohort, moment=moment, note=note, created_at=now
        )


def user_can_review_feedback(user) -> bool:
    """Editors and staff read ratings and work the unclear-moment queue."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_staff or user.is_superuser or user.groups.filter(name="Editors").exists()


@transaction.atomic
def unclear_flags_handle(
    *, editor, lesson: LessonPage, flag_ids: list[int], now: datetime | None = None
) -> int:
    """Mark ``lesson``'s open flags among ``flag_ids`` handled; returns how many changed."""
    if not user_can_review_feedback(editor):
        raise PermissionDenied("Only editors and staff handle lesson feedback.")
    return UnclearFlag.objects.filter(
        lesson=lesson, pk__in=flag_ids, handled_at__isnull=True
    ).update(handled_at=now or timezone.now(), handled_by=editor)
