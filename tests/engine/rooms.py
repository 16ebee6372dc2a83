"""A capacity kind that exists only in the test tree: rooms with a few places.

``Room`` and ``Booking`` live in an app label that is not installed ("engine_tests"), so no
migration knows them and nothing outside these tests sees them; ``conftest.py`` creates their
tables. ``RoomPlaces`` is all a new kind has to write: the model, how many places are taken
for good (bookings), and what to say. Checkout code is not touched.
"""

from django.db import models

from engine.capacity.kinds import CapacityKind


class Room(models.Model):
    name = models.CharField(max_length=80)
    capacity = models.PositiveIntegerField()

    class Meta:
        app_label = "engine_tests"
        db_table = "engine_tests_room"

    def __str__(self) -> str:
        return self.name


class Booking(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="bookings")
    email = models.EmailField()

    class Meta:
        app_label = "engine_tests"
        db_table = "engine_tests_booking"

    def __str__(self) -> str:
        return f"{self.email} in {self.room}"


class RoomPlaces(CapacityKind):
    name = "room"
    model = Room

    def __init__(self) -> None:
        self.joined: list[str] = []
        self.offers: list[tuple[int, str]] = []

    def places_taken_permanently(self, target: Room) -> int:
        return Booking.objects.filter(room=target).count()

    def title(self, target: Room) -> str:
        return target.name

    def join_url(self, target: Room) -> str:
        return f"/rooms/{target.pk}/waitlist/"

    def waitlist_joined(self, target: Room, *, entry) -> None:
        self.joined.append(entry.email)

    def offer_made(self, target: Room, *, entry) -> None:
        self.offers.append((target.pk, entry.hold_reference))
