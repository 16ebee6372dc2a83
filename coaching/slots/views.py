"""1:1 coaching pages: the student's sessions (credits, open slots, book, cancel, .ics) and
the coach's slots (publish, withdraw, see bookings). Parse, call a service, respond."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coaching.slots import selectors, services
from coaching.slots.forms import BookingForm, SlotForm
from coaching.slots.ics import booking_ics
from coaching.slots.models import BookingStatus, CoachingBooking, CoachingSlot
from coaching.slots.selectors import booking_time_zone
from engine.ics import ICS_CONTENT_TYPE


def _coach_of(user):
    return getattr(user, "coach_profile", None) if user.is_authenticated else None


@login_required
def sessions(request):
    """The student's 1:1 sessions: credits left, bookings, and the open slots to book."""
    state = selectors.student_coaching(user=request.user)
    slots = selectors.slots_open() if state.entitled else []
    return render(
        request,
        "coaching_slots/sessions.html",
        {
            "state": state,
            "slots": slots,
            "form": BookingForm(),
            "coach": _coach_of(request.user),
            "cancel_hours": int(services.CANCEL_BEFORE.total_seconds() // 3600),
        },
    )


@login_required
@require_POST
def book(request, slot_id: int):
    slot = get_object_or_404(CoachingSlot.objects.select_related("coach"), pk=slot_id)
    form = BookingForm(request.POST)
    topic = form.cleaned_data["topic"] if form.is_valid() else ""
    try:
        booking = services.booking_create(user=request.user, slot=slot, topic=topic)
    except services.CoachingError as error:
        messages.error(request, str(error))
        return redirect("coaching_slots:sessions")
    starts = timezone.localtime(booking.slot.starts_at, ZoneInfo(booking_time_zone(booking)))
    messages.success(
        request,
        f"Booked: 1:1 coaching with {slot.coach.name} on "
        f"{starts:%A %-d %B, %H:%M %Z}. The invitation is in your email.",
    )
    return redirect("coaching_slots:sessions")


@login_required
@require_POST
def cancel(request, booking_id: int):
    booking = get_object_or_404(CoachingBooking, pk=booking_id, user=request.user)
    try:
        services.booking_cancel(user=request.user, booking=booking)
    except services.CoachingError as error:
        messages.error(request, str(error))
        return redirect("coaching_slots:sessions")
    messages.success(request, "Cancelled; the session is back in your credits.")
    return redirect("coaching_slots:sessions")


@login_required
def booking_calendar(request, booking_id: int):
    booking = get_object_or_404(
        CoachingBooking.objects.select_related("slot__coach"),
        pk=booking_id,
        user=request.user,
        status=BookingStatus.BOOKED,
    )
    url = request.build_absolute_uri(reverse_sessions())
    response = HttpResponse(booking_ics(booking=booking, url=url), content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="coaching.ics"'
    return response


def reverse_sessions() -> str:
    from django.urls import reverse

    return reverse("coaching_slots:sessions")


@login_required
def coach_slots(request):
    """The coach's slots: publish one, withdraw an unbooked one, see who booked."""
    coach = _coach_of(request.user)
    if coach is None:
        raise Http404("Only coaches publish 1:1 slots.")
    form = SlotForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                slot = services.slot_publish(
                    coach=coach,
                    starts_at=form.starts_at_aware(),
                    minutes=form.cleaned_data["minutes"],
                    time_zone=form.cleaned_data["time_zone"],
                )
            except services.CoachingError as error:
                form.add_error(None, str(error))
                status = 400
            else:
                starts = timezone.localtime(slot.starts_at, ZoneInfo(slot.time_zone))
                messages.success(request, f"Slot published: {starts:%A %-d %B, %H:%M %Z}.")
                return redirect("coaching_slots:coach_slots")
        else:
            status = 400
    return render(
        request,
        "coaching_slots/coach_slots.html",
        {"coach": coach, "form": form, "slots": selectors.coach_slots(coach=coach)},
        status=status,
    )


@login_required
@require_POST
def coach_slot_withdraw(request, slot_id: int):
    coach = _coach_of(request.user)
    slot = get_object_or_404(CoachingSlot, pk=slot_id)
    if coach is None:
        raise Http404("Only coaches publish 1:1 slots.")
    try:
        services.slot_withdraw(coach=coach, slot=slot)
    except services.CoachingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Slot withdrawn.")
    return redirect("coaching_slots:coach_slots")
