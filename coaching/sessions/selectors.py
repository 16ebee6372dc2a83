"""Reads of live sessions, each in a constant number of queries whatever the number of
sessions or RSVPs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q

from coaching.sessions.models import LiveSession, RsvpStatus, SessionRsvp
from coaching.sessions.policy import SessionAccess, member_cohort_ids, session_access

# Past sessions stay listed this long (their recordings are what students come back for).
PAST_SHOWN_FOR = timedelta(weeks=12)


@dataclass(frozen=True)
class SessionRow:
    session: LiveSession
    access: SessionAccess
    going: bool
    going_count: int


def _annotated(sessions):
    return sessions.select_related("cohort").annotate(
        going_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING))
    )


def sessions_of_cohorts(
    *, cohort_ids: Iterable[int], now: datetime, limit: int = 50
) -> list[LiveSession]:
    return list(
        _annotated(
            LiveSession.objects.filter(
                cohort_id__in=list(cohort_ids), ends_at__gte=now - PAST_SHOWN_FOR
            )
        ).order_by("starts_at", "pk")[:limit]
    )


def session_rows_for_user(*, user, now: datetime) -> list[SessionRow]:
    """The sessions of every class the person studies in or coaches (4 queries)."""
    member_ids = member_cohort_ids(user=user)
    sessions = sessions_of_cohorts(cohort_ids=member_ids, now=now)
    going = set(
        SessionRsvp.objects.filter(
            user=user, status=RsvpStatus.GOING, session__in=[s.pk for s in sessions]
        ).values_list("session_id", flat=True)
    )
    return [
        SessionRow(
            session=s,
            access=session_access(user=user, session=s, now=now, member_ids=member_ids),
            going=s.pk in going,
            going_count=s.going_count,
        )
        for s in sessions
    ]


def session_get(*, session_id: int) -> LiveSession | None:
    return (
        _annotated(LiveSession.objects.filter(pk=session_id))
        .select_related("cohort__course")
        .first()
    )


def session_attendees(*, session: LiveSession) -> list[SessionRsvp]:
    return list(
        SessionRsvp.objects.filter(session=session, status=RsvpStatus.GOING)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def user_is_going(*, user, session: LiveSession) -> bool:
    if not user.is_authenticated:
        return False
    return SessionRsvp.objects.filter(session=session, user=user, status=RsvpStatus.GOING).exists()


def sessions_upcoming_for_calendar(*, user, now: datetime) -> list[LiveSession]:
    """What the calendar feed lists: the person's classes' sessions, recent and coming."""
    return list(
        LiveSession.objects.filter(
            cohort_id__in=list(member_cohort_ids(user=user)),
            ends_at__gte=now - timedelta(weeks=4),
        )
        .select_related("cohort__course")
        .order_by("starts_at", "pk")[:200]
    )
