"""Seats of many classes at once, for the admin's class listing.

The same counting as the capacity engine's ``places_taken`` / ``places_left`` for one class
(active enrollments take a seat for good, unexpired holds take one for a while), written as
annotations so a listing of any length costs one query.
"""

from datetime import datetime

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from courses.capacity import CohortSeats
from courses.models import Cohort, Enrollment, EnrollmentStatus
from engine.capacity.services import places_held_subquery


def cohorts_with_seats(queryset: QuerySet[Cohort], now: datetime) -> QuerySet[Cohort]:
    """Annotate ``seats_taken`` (active enrollments), ``seats_held`` (unexpired holds: open
    checkouts, team pools, waitlist offers) and ``seats_left`` (never below zero)."""
    enrolled = (
        Enrollment.objects.filter(cohort=OuterRef("pk"), status=EnrollmentStatus.ACTIVE)
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        seats_taken=Coalesce(Subquery(enrolled, output_field=IntegerField()), 0),
        seats_held=places_held_subquery(kind=CohortSeats.name, now=now),
        seats_left=Greatest(F("capacity") - F("seats_taken") - F("seats_held"), Value(0)),
    )
