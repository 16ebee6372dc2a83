"""A class's seats as a kind of the capacity engine (``engine.capacity``).

``CohortSeats`` tells the engine what only courses knows: a seat is taken for good by an
active enrollment, a class no longer sells once it started or its enrollment closed, and a
full class answers with ``CohortFull``. Holds (a checkout's, a team's pool, a waitlist
offer's) and their counting are the engine's. Registered in ``CoursesConfig.ready()``; the
payments app extends it with its buy and waitlist pages (``payments.capacity``).
"""

from datetime import datetime

from django.utils import timezone

from courses.models import Cohort, Enrollment, EnrollmentStatus
from engine.capacity.errors import NotEnoughPlaces
from engine.capacity.kinds import CapacityKind
from engine.capacity.services import places_freed_announce, places_left


class CohortFull(NotEnoughPlaces):
    """Not enough seats left in the cohort; nothing was written."""

    def __init__(self, cohort: Cohort, *, seats_left: int = 0, seats_wanted: int = 1):
        self.cohort = cohort
        self.seats_left = seats_left
        self.seats_wanted = seats_wanted
        if seats_left:
            message = f"{cohort} has only {seats_left} seat(s) left; {seats_wanted} asked for."
        else:
            message = f"{cohort} is full ({cohort.capacity} seats)."
        super().__init__(message, target=cohort, places_left=seats_left, places_wanted=seats_wanted)


class CohortSeats(CapacityKind):
    name = "cohort"
    model = Cohort
    place_noun = "seat"

    def places_taken_permanently(self, target: Cohort) -> int:
        return Enrollment.objects.filter(cohort=target, status=EnrollmentStatus.ACTIVE).count()

    def title(self, target: Cohort) -> str:
        return target.name

    def not_on_sale(self, target: Cohort, *, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if target.start_date <= timezone.localdate(now):
            return f"{target.name} has already started."
        if target.enrollment_closes_at and now >= target.enrollment_closes_at:
            return f"Enrollment in {target.name} has closed."
        return ""

    def not_enough_places(
        self, target: Cohort, *, places_left: int, places_wanted: int
    ) -> CohortFull:
        return CohortFull(target, seats_left=places_left, seats_wanted=places_wanted)


def lock_cohort(cohort: Cohort) -> Cohort:
    """The cohort's row, locked until the transaction ends (capacity, releases, moves)."""
    return Cohort.objects.select_for_update(of=("self",)).get(pk=cohort.pk)


def cohort_seats_left(*, cohort: Cohort, now: datetime | None = None) -> int:
    return places_left(target=cohort, now=now)


def cohort_capacity_changed(*, cohort: Cohort) -> None:
    """Staff changed the class's capacity: announce that seats may be free (the waitlist
    offers them after the commit). Offering only offers free seats, so a lowered capacity
    costs a look and nothing else."""
    places_freed_announce(target=cohort)
