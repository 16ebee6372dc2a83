"""Writes of live sessions: RSVP (or the waitlist), cancel, and scheduling a weekly series.

Every RSVP goes through the capacity engine under the session's row lock
(``engine.capacity.services.places_take``), so 20 students asking for 8 places at once get 8
RSVPs and 12 waitlist entries, never 9. A cancellation frees the place; the engine announces
it after the commit and the waitlist offers it to the first in line, whose offer
``LiveSessionPlaces.offer_made`` turns into an RSVP.

A series is all or nothing: every date is checked first (``series_plan``) and the sessions
are written in one transaction; a clash found only at insert time rolls everything back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from coaching.sessions.models import LiveSession, RsvpStatus, SessionRsvp
from coaching.sessions.policy import member_cohort_ids
from courses.models import Cohort
from engine.capacity.free_places import (
    PlaceOutcome,
    place_give_back,
    place_take_or_queue,
    record_cancel,
    waitlist_offer_take,
)
from engine.capacity.kinds import kind_for
from engine.capacity.models import WaitlistEntry

MAX_SERIES_WEEKS = 20
MAX_DURATION_MINUTES = 8 * 60


RsvpOutcome = PlaceOutcome[SessionRsvp]


class LiveSessionError(Exception):
    """An action that cannot be done, with a message that says why."""


# --- RSVPs ------------------------------------------------------------------------------------


def _check_may_rsvp(session: LiveSession, user, now: datetime) -> None:
    if not getattr(user, "is_authenticated", False):
        raise LiveSessionError("Sign in to RSVP.")
    if session.cohort_id not in member_cohort_ids(user=user):
        raise LiveSessionError("This session is for the students of its class.")
    if not session.rsvp_required:
        raise LiveSessionError("This session needs no RSVP: just join at the start.")
    reason = kind_for(session).not_on_sale(session, now=now)
    if reason:
        raise LiveSessionError(reason)


def _going(session: LiveSession, user_id: int) -> SessionRsvp:
    rsvp, created = SessionRsvp.objects.get_or_create(session=session, user_id=user_id)
    if not created:
        rsvp.status = RsvpStatus.GOING
        rsvp.save(update_fields=["status", "updated_at"])
    return rsvp


def rsvp_create(*, session: LiveSession, user, now: datetime | None = None) -> RsvpOutcome:
    """RSVP ``user``; when the session is full they join its waitlist instead. Idempotent."""
    now = now or timezone.now()
    _check_may_rsvp(session, user, now)
    existing = SessionRsvp.objects.filter(
        session=session, user=user, status=RsvpStatus.GOING
    ).first()
    if existing:
        return RsvpOutcome(going=True, rsvp=existing)
    return place_take_or_queue(
        target=session,
        user=user,
        record=lambda: _going(session, user.pk),
        refused=LiveSessionError,
        now=now,
    )


def rsvp_cancel(*, session: LiveSession, user, now: datetime | None = None) -> bool:
    """Give the place back (the first in line gets it after the commit) or leave the
    waitlist. Returns whether anything changed; idempotent."""

    def release(locked: LiveSession) -> bool:
        going = SessionRsvp.objects.filter(session=locked, user=user, status=RsvpStatus.GOING)
        return record_cancel(going, status=RsvpStatus.CANCELLED)

    return place_give_back(target=session, user=user, release=release, now=now or timezone.now())


def rsvp_from_waitlist_offer(*, session: LiveSession, entry: WaitlistEntry) -> SessionRsvp | None:
    """Turn a fresh waitlist offer into an RSVP (inside the offer's transaction)."""
    if entry.user_id is None:
        return None
    waitlist_offer_take(target=session, entry=entry)
    return _going(session, entry.user_id)


# --- scheduling ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesRequest:
    cohort: Cohort
    title: str
    kind: str
    first_date: date
    start_time: time
    duration_minutes: int
    weeks: int
    join_url: str
    description: str = ""
    rsvp_required: bool = False
    capacity: int | None = None


@dataclass
class SeriesPlan:
    request: SeriesRequest
    starts: list[datetime] = field(default_factory=list)  # in the class's time zone
    errors: dict[str, list[str]] = field(default_factory=dict)

    def refuse(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> list[tuple[datetime, datetime]]:
        length = timedelta(minutes=self.request.duration_minutes)
        return [(start, start + length) for start in self.starts]


def local_datetime(cohort: Cohort, day: date, at: time) -> datetime:
    """``day`` at ``at`` on the class's wall clock (a time that a DST change skips moves on,
    as ``zoneinfo`` resolves it)."""
    return datetime.combine(day, at, tzinfo=cohort.tz)


def series_plan(*, request: SeriesRequest, now: datetime) -> SeriesPlan:
    """The dates a weekly series would get, and every reason it cannot be created."""
    plan = SeriesPlan(request=request)
    if not 1 <= request.weeks <= MAX_SERIES_WEEKS:
        plan.refuse("weeks", f"A series has between 1 and {MAX_SERIES_WEEKS} weekly sessions.")
    if not 1 <= request.duration_minutes <= MAX_DURATION_MINUTES:
        plan.refuse(
            "duration_minutes",
            f"A session lasts between 1 and {MAX_DURATION_MINUTES} minutes.",
        )
    if request.capacity is not None and request.capacity < 1:
        plan.refuse("capacity", "Leave the capacity empty for no limit, or give at least 1.")
    if request.capacity is not None and not request.rsvp_required:
        plan.refuse("capacity", "A capacity needs RSVPs: tick “RSVP needed” or clear it.")
    first = local_datetime(request.cohort, request.first_date, request.start_time)
    if first <= now:
        plan.refuse(
            "first_date",
            f"The first session ({first:%a %d %b %Y %H:%M} {request.cohort.timezone}) "
            "is in the past; pick a later date.",
        )
    if plan.errors.get("weeks"):
        return plan  # every other mistake is named already; the dates need a valid count
    plan.starts = [
        local_datetime(request.cohort, request.first_date + timedelta(weeks=n), request.start_time)
        for n in range(request.weeks)
    ]
    taken = set(
        LiveSession.objects.filter(cohort=request.cohort, starts_at__in=plan.starts).values_list(
            "starts_at", flat=True
        )
    )
    for start in plan.starts:
        if start in taken:
            plan.refuse(
                "first_date",
                f"{request.cohort} already has a session at {start:%a %d %b %Y %H:%M}; "
                "pick another time or remove that session first.",
            )
    return plan


def series_create(*, request: SeriesRequest, now: datetime | None = None) -> list[LiveSession]:
    """Create every session of the series, or none (``LiveSessionError`` says why)."""
    now = now or timezone.now()
    plan = series_plan(request=request, now=now)
    if not plan.ok:
        raise LiveSessionError(" ".join(m for ms in plan.errors.values() for m in ms))
    key = uuid.uuid4()
    sessions = [
        LiveSession(
            cohort=request.cohort,
            kind=request.kind,
            title=request.title,
            description=request.description,
            starts_at=start,
            ends_at=end,
            join_url=request.join_url,
            rsvp_required=request.rsvp_required,
            capacity=request.capacity,
            series_key=key,
        )
        for start, end in plan.rows
    ]
    try:
        with transaction.atomic():
            for session in sessions:
                session.save()
    except IntegrityError as error:
        raise LiveSessionError(
            f"Another session of {request.cohort} was scheduled at one of these times "
            "meanwhile; nothing was created. Preview again."
        ) from error
    return sessions
