"""Real threads on PostgreSQL: one slot has one place, one credit buys one session."""

import pytest

from coaching.slots.models import BookingStatus, CoachingBooking, CoachingCredit
from coaching.slots.services import CoachingError, booking_cancel, booking_create
from tests.coaching_slots.conftest import coach_with_slots, executive, tier_sessions
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def test_two_students_booking_one_slot_at_once_give_one_booking():
    tier_sessions(4)
    _, (slot,) = coach_with_slots(days_ahead=(3,))
    students = [executive(), executive()]
    results = run_in_threads(lambda i: booking_create(user=students[i], slot=slot), 2)
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], CoachingError), results
    assert "pick another" in str(errors[0])
    assert CoachingBooking.objects.filter(slot=slot, status=BookingStatus.BOOKED).count() == 1
    # the loser's transaction wrote nothing, not even their credit row
    assert list(CoachingCredit.objects.values_list("used", flat=True)) == [1]


def test_one_executive_booking_two_slots_with_one_credit_gets_one():
    tier_sessions(1)
    _, slots = coach_with_slots(days_ahead=(3, 4))
    student = executive()
    results = run_in_threads(lambda i: booking_create(user=student, slot=slots[i]), 2)
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and "used all 1" in str(errors[0]), results
    assert CoachingBooking.objects.filter(user=student).count() == 1
    credit = CoachingCredit.objects.get()
    assert (credit.granted, credit.used) == (1, 1)


def test_six_tabs_spending_two_credits_at_once_book_two_and_cancels_never_overpay():
    tier_sessions(2)
    _, slots = coach_with_slots(days_ahead=(3, 4, 5, 6, 7, 8))
    student = executive()
    results = run_in_threads(lambda i: booking_create(user=student, slot=slots[i]), 6)
    booked = [r for r in results if isinstance(r, CoachingBooking)]
    assert len(booked) == 2
    run_in_threads(lambda i: booking_cancel(user=student, booking=booked[0]), 3)
    credit = CoachingCredit.objects.get()
    assert credit.used == 1  # three cancels of one booking give one credit back
