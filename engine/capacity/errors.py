"""The engine's one refusal: the places asked for do not fit."""

from django.db import models


class NotEnoughPlaces(Exception):
    """Not enough places left in ``target``; nothing was written.

    Kinds raise their own subclass (``courses.capacity.CohortFull``,
    ``payments.workshop_capacity.WorkshopSoldOut``) through
    ``CapacityKind.not_enough_places``, so the message is the one buyers already know.
    """

    def __init__(
        self, message: str, *, target: models.Model, places_left: int = 0, places_wanted: int = 1
    ) -> None:
        super().__init__(message)
        self.message = message
        self.target = target
        self.places_left = places_left
        self.places_wanted = places_wanted
