"""Booking and cancelling 1:1 sessions: credits from the tier, the 24-hour rule, the emails."""

import datetime as dt

import pytest
import time_machine

from django.db import IntegrityError, transaction
from django.utils import timezone

from coaching.slots.emails import reminders_send
from coaching.slots.models import BookingStatus, CoachingBooking, CoachingCredit
from coaching.slots.selectors import coach_slots, slots_open, student_coaching
from coaching.slots.services import (
    CoachingError,
    booking_cancel,
    booking_create,
    slot_publish,
)
from tests.coaching_slots.conftest import executive, standard

pytestmark = pytest.mark.django_db


def test_an_executive_books_a_slot_and_spends_one_credit(
    setup, mailoutbox, django_capture_on_commit_callbacks
):
    _coach, slots = setup
    student = executive()
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_create(user=student, slot=slots[0], topic="Pricing the new plan")
    assert booking.status == BookingStatus.BOOKED
    state = student_coaching(user=student)
    assert (state.granted, state.used, state.left) == (2, 1, 1)
    assert slots[0] not in slots_open()
    [mail] = [m for m in mailoutbox if "Booked" in m.subject]
    assert mail.to == [student.email]
    [(name, ics, mimetype)] = mail.attachments
    assert name == "coaching.ics" and mimetype.startswith("text/calendar")
    assert "SUMMARY:1:1 coaching with" in ics and f"coaching-booking-{booking.pk}@" in ics
    assert mail.alternatives and "Pricing the new plan" in mail.body


def test_the_coach_sees_who_booked(setup):
    coach, slots = setup
    student = executive()
    booking_create(user=student, slot=slots[1])
    seen = {slot.pk: slot.booking for slot in coach_slots(coach=coach)}
    assert seen[slots[1].pk].user == student
    assert seen[slots[0].pk] is None


def test_a_standard_student_cannot_book(setup):
    _, slots = setup
    with pytest.raises(CoachingError, match="come with the Executive tier"):
        booking_create(user=standard(), slot=slots[0])
    assert not CoachingBooking.objects.exists()
    assert not CoachingCredit.objects.exists()


def test_credits_run_out(setup):
    _, slots = setup
    student = executive()
    booking_create(user=student, slot=slots[0])
    booking_create(user=student, slot=slots[1])
    with pytest.raises(CoachingError, match="used all 2"):
        booking_create(user=student, slot=slots[2])
    assert CoachingBooking.objects.count() == 2


def test_a_booked_slot_cannot_be_booked_again(setup):
    _, slots = setup
    booking_create(user=executive(), slot=slots[0])
    other = executive()
    with pytest.raises(CoachingError, match="pick another"):
        booking_create(user=other, slot=slots[0])
    assert student_coaching(user=other).used == 0


def test_cancelling_inside_24_hours_is_refused_with_a_message(setup):
    _, slots = setup
    student = executive()
    booking = booking_create(user=student, slot=slots[0])
    with (
        time_machine.travel(slots[0].starts_at - dt.timedelta(hours=23)),
        pytest.raises(CoachingError, match="up to 24 hours before"),
    ):
        booking_cancel(user=student, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    assert student_coaching(user=student).used == 1


def test_cancelling_earlier_gives_the_credit_and_the_slot_back(setup):
    _, slots = setup
    student = executive()
    booking = booking_create(user=student, slot=slots[0])
    assert booking_cancel(user=student, booking=booking) is True
    assert booking_cancel(user=student, booking=booking) is False  # twice changes nothing
    assert student_coaching(user=student).used == 0
    assert slots[0] in slots_open()
    booking_create(user=executive(), slot=slots[0])  # someone else can book it now


def test_the_credit_row_refuses_to_go_below_zero_or_above_granted(setup):
    _, slots = setup
    student = executive()
    booking_create(user=student, slot=slots[0])
    credit = CoachingCredit.objects.get()
    for used in (-1, credit.granted + 1):
        with pytest.raises(IntegrityError), transaction.atomic():
            CoachingCredit.objects.filter(pk=credit.pk).update(used=used)


def test_the_reminder_goes_once_the_day_before_and_not_after_cancelling(setup, mailoutbox):
    _, slots = setup
    dropped_student = executive()
    dropped = booking_create(user=dropped_student, slot=slots[0])
    booking_cancel(user=dropped_student, booking=dropped)
    kept = booking_create(user=executive(), slot=slots[0])
    mailoutbox.clear()
    assert reminders_send() == 0  # three days ahead: not yet
    with time_machine.travel(slots[0].starts_at - dt.timedelta(hours=12)):
        assert reminders_send() == 1
        assert reminders_send() == 0
    assert [m.to for m in mailoutbox] == [[kept.user.email]]
    assert mailoutbox[0].subject.endswith(f"Tomorrow: 1:1 coaching with {slots[0].coach.name}")


def test_publishing_refuses_the_past_and_odd_lengths(setup):
    coach, _ = setup
    with pytest.raises(CoachingError, match="in the future"):
        slot_publish(coach=coach, starts_at=timezone.now() - dt.timedelta(hours=1), minutes=60)
    with pytest.raises(CoachingError, match="17 is not one of them"):
        slot_publish(coach=coach, starts_at=timezone.now() + dt.timedelta(days=1), minutes=17)
