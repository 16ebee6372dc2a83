"""Meetup pages: the list, a meetup (RSVP, cancel, .ics), organisers' attendee list and
check-in, and the member profile (edit your own, see a classmate's)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from community.meetups.capacity import meetup_places_left
from community.meetups.forms import ProfileForm
from community.meetups.ics import rsvp_ics
from community.meetups.models import Meetup, Rsvp
from community.meetups.selectors import (
    attendees,
    is_organiser,
    may_attend,
    may_see_profile,
    meetups_upcoming,
    profile_of,
    rsvp_of,
    venue_for,
    waitlist_ahead,
    waitlist_entry_of,
)
from community.meetups.services import (
    MeetupError,
    profile_update,
    rsvp_cancel,
    rsvp_check_in,
    rsvp_create,
)
from engine.capacity.models import WaitlistEntry, WaitlistStatus
from engine.ics import ICS_CONTENT_TYPE


def _meetup(pk: int) -> Meetup:
    return get_object_or_404(Meetup.objects.select_related("chapter"), pk=pk)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def meetup_list(request):
    return _private(render(request, "meetups/meetup_list.html", {"meetups": meetups_upcoming()}))


def meetup_detail(request, pk: int, *, error: str = "", status: int = 200):
    meetup = _meetup(pk)
    entry = waitlist_entry_of(meetup=meetup, user=request.user)
    context = {
        "meetup": meetup,
        "venue": venue_for(meetup=meetup, user=request.user),
        "rsvp": rsvp_of(meetup=meetup, user=request.user),
        "entry": entry,
        "ahead": waitlist_ahead(entry=entry) if entry else 0,
        "places_left": meetup_places_left(meetup=meetup),
        "waiting": WaitlistEntry.objects.filter(
            kind="meetup", target_id=meetup.pk, status=WaitlistStatus.WAITING
        ).count(),
        "may_attend": may_attend(user=request.user, chapter=meetup.chapter),
        "organiser": is_organiser(user=request.user, chapter=meetup.chapter),
        "error": error,
    }
    return _private(render(request, "meetups/meetup_detail.html", context, status=status))


@login_required
@require_POST
def rsvp(request, pk: int):
    meetup = _meetup(pk)
    try:
        outcome = rsvp_create(meetup=meetup, user=request.user)
    except MeetupError as error:
        return meetup_detail(request, pk, error=str(error), status=400)
    if outcome.going:
        messages.success(request, "You're going. The address is below.")
    else:
        messages.info(request, "The meetup is full: you're on the waitlist.")
    return redirect("meetups:meetup_detail", pk=pk)


@login_required
@require_POST
def cancel(request, pk: int):
    if rsvp_cancel(meetup=_meetup(pk), user=request.user):
        messages.info(request, "Cancelled. Your place goes to the next person in line.")
    return redirect("meetups:meetup_detail", pk=pk)


@login_required
def meetup_ics(request, pk: int):
    meetup = _meetup(pk)
    found = rsvp_of(meetup=meetup, user=request.user)
    if found is None:
        raise Http404("Only people going get the invitation.")
    url = request.build_absolute_uri(meetup_detail_url(pk))
    response = HttpResponse(rsvp_ics(rsvp=found, url=url), content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="meetup-{pk}.ics"'
    return _private(response)


def meetup_detail_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("meetups:meetup_detail", args=[pk])


def _organised(request, pk: int) -> Meetup:
    meetup = _meetup(pk)
    if not is_organiser(user=request.user, chapter=meetup.chapter):
        raise Http404("Only the chapter's organisers see the attendee list.")
    return meetup


@login_required
def attendee_list(request, pk: int):
    meetup = _organised(request, pk)
    rsvps = list(attendees(meetup=meetup))
    context = {
        "meetup": meetup,
        "rsvps": rsvps,
        "checked_in": sum(1 for r in rsvps if r.checked_in_at),
        "waiting": WaitlistEntry.objects.filter(
            kind="meetup", target_id=meetup.pk, status=WaitlistStatus.WAITING
        ).order_by("position", "created_at", "pk"),
    }
    return _private(render(request, "meetups/attendees.html", context))


@login_required
@require_POST
def check_in(request, pk: int, rsvp_id: int):
    meetup = _organised(request, pk)
    found = get_object_or_404(
        Rsvp.objects.select_related("user", "meetup__chapter"), pk=rsvp_id, meetup=meetup
    )
    try:
        rsvp_check_in(rsvp=found, by=request.user)
    except MeetupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{found.user} checked in.")
    return redirect("meetups:attendees", pk=pk)


@login_required
def profile_edit(request):
    user = request.user
    profile = profile_of(user)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "job_title": user.job_title,
        "company": user.company,
        "city": profile.city,
        "linkedin_url": profile.linkedin_url,
        "slack_handle": profile.slack_handle,
        "meetup_emails": profile.meetup_emails,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        profile_update(user=user, data=form.cleaned_data)
        messages.success(request, "Profile saved.")
        return redirect("meetups:profile_edit")
    status = 400 if request.method == "POST" else 200
    return _private(render(request, "meetups/profile_edit.html", {"form": form}, status=status))


@login_required
def profile_detail(request, user_id: int):
    owner = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    if not may_see_profile(viewer=request.user, owner=owner):
        raise Http404("Profiles are shown to classmates.")
    context = {"owner": owner, "profile": profile_of(owner)}
    return _private(render(request, "meetups/profile_detail.html", context))
