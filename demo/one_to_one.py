"""Demo 1:1 coaching: an executive student of the current class with coaching credits, open
slots from the demo coach over the coming week, and one session already booked.

Idempotent like every demo step: the enrollment is made once, slots are found by coach and
start (whole hours from today's date, so a second run the same day finds them), and the
student books only while they have no booking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.models import Coach
from coaching.slots.models import CoachingBooking, CoachingSlot
from coaching.slots.services import booking_create
from courses.models import Cohort, EnrollmentSource, EnrollmentTier
from courses.services import enrollment_create

Report = Callable[[str], None]

DEMO_EXECUTIVE_STUDENT_EMAIL = "exec.student@institute.test"
DEMO_COACH_EMAIL = "coach@institute.test"
CURRENT_CLASS_SLUG = "demo-current-class"
SLOT_DAYS_AHEAD = (2, 3, 4, 5, 6)
SLOT_HOUR_UTC = 15


def seed_one_to_one(report: Report) -> None:
    User = get_user_model()
    student = User.objects.filter(email=DEMO_EXECUTIVE_STUDENT_EMAIL).first()
    coach = Coach.objects.filter(user__email=DEMO_COACH_EMAIL).first()
    cohort = Cohort.objects.filter(slug=CURRENT_CLASS_SLUG).first()
    if student is None or coach is None or cohort is None:
        report("skipped 1:1 coaching: the executive student, the coach or the class is missing")
        return
    _, created = enrollment_create(
        user=student,
        cohort=cohort,
        source=EnrollmentSource.STAFF,
        tier=EnrollmentTier.EXECUTIVE,
        ignore_capacity=True,
    )
    if created:
        report(f"enrolled {student.email} in {cohort.name} on the Executive tier")
    today = timezone.now().astimezone(dt.UTC).date()
    slots = []
    for days in SLOT_DAYS_AHEAD:
        starts_at = dt.datetime.combine(
            today + dt.timedelta(days=days), dt.time(SLOT_HOUR_UTC), tzinfo=dt.UTC
        )
        slot, made = CoachingSlot.objects.get_or_create(
            coach=coach,
            starts_at=starts_at,
            defaults={"ends_at": starts_at + dt.timedelta(hours=1)},
        )
        slots.append(slot)
        if made:
            report(f"{coach.name} offers a 1:1 slot on {starts_at:%a %-d %b, %H:%M} UTC")
    if not CoachingBooking.objects.filter(user=student).exists():
        booking_create(
            user=student, slot=slots[-1], topic="Setting outcomes for a new platform team"
        )
        report(f"{student.email} booked a 1:1 session with {coach.name}")
