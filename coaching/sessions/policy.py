"""Who may see a live session's join link and recording: the one rule pages and the
recording endpoint all ask.

A session belongs to its class: its active students, its coaches (``courses`` coach
assignments) and staff who may preview lessons. The join link shows from
``JOIN_OPENS_BEFORE`` before the start until the end; the recording once the session has
ended. Everyone else learns only that the session exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from coaching.sessions.models import LiveSession
from courses.models import Cohort, CohortCoach, Enrollment, EnrollmentStatus
from courses.selectors.access import user_can_preview_lessons
from courses.selectors.coaching import cohort_ids_coached_by

JOIN_OPENS_BEFORE = timedelta(minutes=15)


@dataclass(frozen=True)
class SessionAccess:
    member: bool
    join_open: bool
    join_opens_at: datetime
    recording_open: bool

    @property
    def can_join(self) -> bool:
        return self.member and self.join_open

    @property
    def can_watch_recording(self) -> bool:
        return self.member and self.recording_open


def member_cohort_ids(*, user) -> frozenset[int]:
    """The classes whose sessions this person may join: as an active student or a coach
    (2 queries)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    studying = Enrollment.objects.filter(user=user, status=EnrollmentStatus.ACTIVE).values_list(
        "cohort_id", flat=True
    )
    return frozenset(studying) | cohort_ids_coached_by(user)


def member_cohort_ids_query(*, user) -> QuerySet:
    """The same classes as ``member_cohort_ids``, as a subquery (no query of its own)."""
    studying = Enrollment.objects.filter(user=user, status=EnrollmentStatus.ACTIVE).values(
        "cohort_id"
    )
    coaching = CohortCoach.objects.filter(coach__user=user).values("cohort_id")
    return Cohort.objects.filter(Q(pk__in=studying) | Q(pk__in=coaching)).values("pk")


def session_access(
    *, user, session: LiveSession, now: datetime, member_ids: frozenset[int] | None = None
) -> SessionAccess:
    """The policy for one session; pass ``member_ids`` when asking about many at once."""
    if member_ids is None:
        member_ids = member_cohort_ids(user=user)
    member = session.cohort_id in member_ids or (
        user.is_authenticated and user_can_preview_lessons(user)
    )
    opens = session.starts_at - JOIN_OPENS_BEFORE
    return SessionAccess(
        member=member,
        join_open=opens <= now < session.ends_at,
        join_opens_at=opens,
        recording_open=session.ends_at <= now and session.has_recording,
    )
