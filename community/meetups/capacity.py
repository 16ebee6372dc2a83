"""A meetup's places as a kind of the capacity engine (``engine.capacity``).

A place is taken for good by a ``going`` RSVP. Meetups are free, so a waitlist offer does
not wait for anyone to pay: ``offer_made`` turns the offer's hold into the RSVP at once and
ends the entry ``converted`` — the first in line simply gets the place and an email saying
so. Registered in ``MeetupsConfig.ready()``.
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from community.meetups.models import Meetup, Rsvp, RsvpStatus
from engine.capacity.errors import NotEnoughPlaces
from engine.capacity.kinds import OFFER_BOUGHT, CapacityKind


class MeetupFull(NotEnoughPlaces):
    def __init__(self, meetup: Meetup, *, places_left: int = 0, places_wanted: int = 1):
        super().__init__(
            f"{meetup.title} is full; join the waitlist to get the next free place.",
            target=meetup,
            places_left=places_left,
            places_wanted=places_wanted,
        )


class MeetupPlaces(CapacityKind):
    name = "meetup"
    model = Meetup
    place_noun = "place"

    def places_taken_permanently(self, target: Meetup) -> int:
        return Rsvp.objects.filter(meetup=target, status=RsvpStatus.GOING).count()

    def hold_expiry_limit(self, target: Meetup) -> datetime:
        return target.starts_at

    def title(self, target: Meetup) -> str:
        return target.title

    def not_on_sale(self, target: Meetup, *, now: datetime | None = None) -> str:
        if target.starts_at <= (now or timezone.now()):
            return f"{target.title} has already started."
        return ""

    def not_enough_places(self, target: Meetup, *, places_left: int, places_wanted: int):
        return MeetupFull(target, places_left=places_left, places_wanted=places_wanted)

    def buy_url(self, target: Meetup) -> str:
        return reverse("meetups:meetup_detail", args=[target.pk])

    def join_url(self, target: Meetup) -> str:
        return reverse("meetups:meetup_detail", args=[target.pk])

    def offer_made(self, target: Meetup, *, entry) -> None:
        """Free places need no checkout: the offer becomes the RSVP in the same transaction."""
        from community.meetups.services import rsvp_from_waitlist_offer

        rsvp_from_waitlist_offer(meetup=target, entry=entry)

    def offer_checkout_state(self, target: Meetup, *, entry) -> str:
        if (
            entry.user_id
            and Rsvp.objects.filter(
                meetup=target, user_id=entry.user_id, status=RsvpStatus.GOING
            ).exists()
        ):
            return OFFER_BOUGHT
        return ""


def meetup_places_left(*, meetup: Meetup) -> int:
    from engine.capacity.services import places_left

    return places_left(target=meetup)


__all__ = ["MeetupFull", "MeetupPlaces", "meetup_places_left"]
