"""The demo's 1:1 coaching: an executive student with credits, the coach's slots, a booking."""

from io import StringIO

import pytest

from django.core.management import call_command

from coaching.slots.models import CoachingBooking, CoachingSlot
from coaching.slots.selectors import slots_open, student_coaching
from community.circle.models import CircleThread
from courses.models import Enrollment, EnrollmentTier
from demo.one_to_one import DEMO_COACH_EMAIL, DEMO_EXECUTIVE_STUDENT_EMAIL

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_executive_student_with_credits_and_the_coach_has_slots():
    output = StringIO()
    call_command("seed_demo", stdout=output)
    assert DEMO_EXECUTIVE_STUDENT_EMAIL in output.getvalue()  # printed with its password
    enrollment = Enrollment.objects.get(user__email=DEMO_EXECUTIVE_STUDENT_EMAIL)
    assert enrollment.tier == EnrollmentTier.EXECUTIVE
    state = student_coaching(user=enrollment.user)
    assert (state.granted, state.left) == (4, 3)
    assert CoachingSlot.objects.filter(coach__user__email=DEMO_COACH_EMAIL).count() == 5
    assert CoachingBooking.objects.get().user == enrollment.user
    assert len(slots_open()) == 4
    thread = CircleThread.objects.get()
    assert thread.author == enrollment.user and thread.reply_count == 1
