"""Reads of meetups: who may come, who organises, what someone sees, who their classmates are."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from community.meetups.models import Chapter, Meetup, MemberProfile, Rsvp, RsvpStatus
from courses.models import Enrollment, EnrollmentStatus
from engine.capacity.models import LIVE_WAITLIST_STATUSES, WaitlistEntry


def is_organiser(*, user, chapter: Chapter) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or chapter.organisers.filter(pk=user.pk).exists()


def may_attend(*, user, chapter: Chapter) -> bool:
    """Students and graduates (an active place in any class, past or present), staff and
    the chapter's organisers."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_organiser(user=user, chapter=chapter):
        return True
    return Enrollment.objects.filter(user=user, status=EnrollmentStatus.ACTIVE).exists()


def meetups_upcoming(*, now: datetime | None = None) -> QuerySet[Meetup]:
    now = now or timezone.now()
    return (
        Meetup.objects.filter(ends_at__gt=now)
        .select_related("chapter")
        .annotate(going=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)))
        .order_by("starts_at", "pk")
    )


def rsvp_of(*, meetup: Meetup, user) -> Rsvp | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Rsvp.objects.filter(meetup=meetup, user=user, status=RsvpStatus.GOING).first()


def waitlist_entry_of(*, meetup: Meetup, user) -> WaitlistEntry | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return WaitlistEntry.objects.filter(
        kind="meetup",
        target_id=meetup.pk,
        email=user.email.lower(),
        status__in=LIVE_WAITLIST_STATUSES,
    ).first()


def waitlist_ahead(*, entry: WaitlistEntry) -> int:
    return WaitlistEntry.objects.filter(
        kind=entry.kind,
        target_id=entry.target_id,
        status__in=LIVE_WAITLIST_STATUSES,
        position__lt=entry.position,
    ).count()


def venue_for(*, meetup: Meetup, user) -> str:
    """The venue, for people going and the chapter's organisers; "" for everyone else."""
    if rsvp_of(meetup=meetup, user=user) or is_organiser(user=user, chapter=meetup.chapter):
        return meetup.venue
    return ""


def attendees(*, meetup: Meetup) -> QuerySet[Rsvp]:
    return (
        Rsvp.objects.filter(meetup=meetup, status=RsvpStatus.GOING)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def profile_of(user) -> MemberProfile:
    """The user's profile (an unsaved empty one if they never filled it in)."""
    return MemberProfile.objects.filter(user=user).first() or MemberProfile(user=user)


def classmate_ids(user) -> set[int]:
    """Everyone with an active place in a class where ``user`` has one."""
    cohorts = Enrollment.objects.filter(user=user, status=EnrollmentStatus.ACTIVE).values(
        "cohort_id"
    )
    return set(
        Enrollment.objects.filter(cohort_id__in=cohorts, status=EnrollmentStatus.ACTIVE)
        .exclude(user=user)
        .values_list("user_id", flat=True)
    )


def may_see_profile(*, viewer, owner) -> bool:
    if not getattr(viewer, "is_authenticated", False):
        return False
    return viewer.pk == owner.pk or viewer.is_staff or owner.pk in classmate_ids(viewer)


def opted_in_for_city(*, city: str) -> QuerySet[MemberProfile]:
    return MemberProfile.objects.filter(meetup_emails=True, city__iexact=city).select_related(
        "user"
    )
