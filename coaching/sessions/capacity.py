"""A live session's places as a kind of the capacity engine (``engine.capacity``).

A place is taken for good by a ``going`` RSVP. Sessions are free, so a waitlist offer waits
for nobody: ``offer_made`` turns the offer's hold into the RSVP at once (as meetups do). A
session without a capacity has no limit; it still goes through the engine, so one code path
serves both. Registered in ``LiveSessionsConfig.ready()``.
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from coaching.sessions.models import LiveSession, RsvpStatus, SessionRsvp
from engine.capacity.errors import NotEnoughPlaces
from engine.capacity.kinds import OFFER_BOUGHT, CapacityKind

UNLIMITED = 1_000_000


class LiveSessionFull(NotEnoughPlaces):
    def __init__(self, session: LiveSession, *, places_left: int = 0, places_wanted: int = 1):
        super().__init__(
            f"{session.title} is full; join the waitlist to get the next free place.",
            target=session,
            places_left=places_left,
            places_wanted=places_wanted,
        )


class LiveSessionPlaces(CapacityKind):
    name = "live_session"
    model = LiveSession
    place_noun = "place"

    def capacity(self, target: LiveSession) -> int:
        return target.capacity if target.capacity is not None else UNLIMITED

    def places_taken_permanently(self, target: LiveSession) -> int:
        return SessionRsvp.objects.filter(session=target, status=RsvpStatus.GOING).count()

    def hold_expiry_limit(self, target: LiveSession) -> datetime:
        return target.starts_at

    def title(self, target: LiveSession) -> str:
        return target.title

    def not_on_sale(self, target: LiveSession, *, now: datetime | None = None) -> str:
        if target.starts_at <= (now or timezone.now()):
            return f"{target.title} has already started."
        return ""

    def not_enough_places(self, target: LiveSession, *, places_left: int, places_wanted: int):
        return LiveSessionFull(target, places_left=places_left, places_wanted=places_wanted)

    def buy_url(self, target: LiveSession) -> str:
        return reverse("live_sessions:detail", args=[target.pk])

    def join_url(self, target: LiveSession) -> str:
        return reverse("live_sessions:detail", args=[target.pk])

    def offer_made(self, target: LiveSession, *, entry) -> None:
        from coaching.sessions.services import rsvp_from_waitlist_offer

        rsvp_from_waitlist_offer(session=target, entry=entry)

    def offer_checkout_state(self, target: LiveSession, *, entry) -> str:
        if (
            entry.user_id
            and SessionRsvp.objects.filter(
                session=target, user_id=entry.user_id, status=RsvpStatus.GOING
            ).exists()
        ):
            return OFFER_BOUGHT
        return ""
