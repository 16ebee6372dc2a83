"""A coaching slot's one place as a kind of the capacity engine (``engine.capacity``).

A place is taken for good by a ``booked`` booking; nobody waits for a slot (the student picks
another), so the kind has no waitlist hooks. Registered in ``CoachingSlotsConfig.ready()``.
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from coaching.slots.models import BookingStatus, CoachingBooking, CoachingSlot
from engine.capacity.errors import NotEnoughPlaces
from engine.capacity.kinds import CapacityKind


class SlotTaken(NotEnoughPlaces):
    def __init__(self, slot: CoachingSlot, *, places_left: int = 0, places_wanted: int = 1):
        super().__init__(
            "Someone has just booked this slot; pick another one.",
            target=slot,
            places_left=places_left,
            places_wanted=places_wanted,
        )


class CoachingSlotPlace(CapacityKind):
    name = "coaching_slot"
    model = CoachingSlot
    place_noun = "place"

    def capacity(self, target: CoachingSlot) -> int:
        return 1

    def places_taken_permanently(self, target: CoachingSlot) -> int:
        return CoachingBooking.objects.filter(slot=target, status=BookingStatus.BOOKED).count()

    def hold_expiry_limit(self, target: CoachingSlot) -> datetime:
        return target.starts_at

    def title(self, target: CoachingSlot) -> str:
        return f"1:1 coaching with {target.coach.name}"

    def not_on_sale(self, target: CoachingSlot, *, now: datetime | None = None) -> str:
        if target.starts_at <= (now or timezone.now()):
            return "This slot has already started; pick a later one."
        return ""

    def not_enough_places(self, target: CoachingSlot, *, places_left: int, places_wanted: int):
        return SlotTaken(target, places_left=places_left, places_wanted=places_wanted)

    def buy_url(self, target: CoachingSlot) -> str:
        return reverse("coaching_slots:sessions")

    def join_url(self, target: CoachingSlot) -> str:
        return reverse("coaching_slots:sessions")
