"""Who is due a survey, and inviting them: once per student and survey, then one email.

Beat runs ``surveys.invitations_send`` every 15 minutes. For each survey that is on, its
occasion is found (``_occasions``):

* end of week N: each class of the course whose week N has ended in the class's time zone
  (local midnight after its seventh day, ``coaching.due.journal_week_end``);
* end of the course: the same for the last week;
* a workshop: its end, to the holders of active tickets;
* a live session: its end, to those who said they are going when it takes RSVPs, otherwise
  to the class's active students.

An occasion more than ``SURVEY_LATE_DAYS`` old invites no one (a survey created today does not
write to classes that finished last year). Invitations are inserted with ``ON CONFLICT DO
NOTHING`` on the unique ``(survey, user)``, so a second run, or two at once, write nothing
more; the email is an outbox row keyed ``survey_invitation:<survey>:<user>``, claimed under
``SELECT ... FOR UPDATE SKIP LOCKED`` of invitations not yet emailed, so each student gets
one email whatever the number of runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coaching.due import journal_week_end
from coaching.sessions.models import LiveSession, RsvpStatus, SessionRsvp
from courses.emails import absolute_url
from courses.models import WEEKS_PER_COURSE, Cohort, Enrollment, EnrollmentStatus
from engine.outbox.services import outbox_email_enqueue, outbox_send_on_commit
from insight.surveys.email_kinds import SURVEY_INVITATION_KIND
from insight.surveys.models import Invitation, Survey, TriggerKind
from insight.surveys.prompts import pending_surveys_forget
from payments.models import Ticket, TicketStatus

EMAIL_BATCH = 500


def late_window() -> timedelta:
    return timedelta(days=settings.SURVEY_LATE_DAYS)


@dataclass(frozen=True)
class Invitee:
    user_id: int
    cohort_id: int | None


def _active_students(cohort_ids: list[int]) -> list[Invitee]:
    rows = Enrollment.objects.filter(
        cohort_id__in=cohort_ids, status=EnrollmentStatus.ACTIVE
    ).values_list("user_id", "cohort_id")
    return [Invitee(user_id, cohort_id) for user_id, cohort_id in rows]


def _week_end_invitees(survey: Survey, now: datetime) -> list[Invitee]:
    week = WEEKS_PER_COURSE if survey.trigger == TriggerKind.COURSE_END else survey.week_number
    # A class's week N ends 7N days after its start date (local midnight): narrow by date,
    # then decide in each class's own time zone.
    earliest = (now - late_window()).date() - timedelta(days=7 * week + 1)
    latest = now.date() - timedelta(days=7 * week - 1)
    cohorts = Cohort.objects.filter(start_date__gte=earliest, start_date__lte=latest)
    if survey.course_id:
        cohorts = cohorts.filter(course_id=survey.course_id)
    due = [
        cohort.pk
        for cohort in cohorts
        if now - late_window() < journal_week_end(cohort=cohort, week_number=week) <= now
    ]
    return _active_students(due) if due else []


def _ended_recently(ends_at: datetime, now: datetime) -> bool:
    return now - late_window() < ends_at <= now


def _workshop_invitees(survey: Survey, now: datetime) -> list[Invitee]:
    if not _ended_recently(survey.workshop.ends_at, now):
        return []
    holders = Ticket.objects.filter(
        workshop_id=survey.workshop_id, status=TicketStatus.ACTIVE
    ).values_list("holder_id", flat=True)
    return [Invitee(user_id, None) for user_id in holders]


def _session_invitees(survey: Survey, now: datetime) -> list[Invitee]:
    session: LiveSession = survey.live_session
    if not _ended_recently(session.ends_at, now):
        return []
    if session.rsvp_required:
        going = SessionRsvp.objects.filter(session=session, status=RsvpStatus.GOING)
        return [
            Invitee(user_id, session.cohort_id)
            for user_id in going.values_list("user_id", flat=True)
        ]
    return _active_students([session.cohort_id])


OCCASIONS = {
    TriggerKind.WEEK_END: _week_end_invitees,
    TriggerKind.COURSE_END: _week_end_invitees,
    TriggerKind.WORKSHOP: _workshop_invitees,
    TriggerKind.LIVE_SESSION: _session_invitees,
}


def survey_invitations_create(*, now: datetime | None = None) -> int:
    """Invite everyone due a survey now; returns how many students are due (invited by this
    call or an earlier one: the database keeps one invitation each)."""
    now = now or timezone.now()
    rows: dict[tuple[int, int], Invitation] = {}
    surveys = Survey.objects.filter(is_active=True).select_related("workshop", "live_session")
    for survey in surveys:
        for invitee in OCCASIONS[survey.trigger](survey, now):
            rows.setdefault(
                (survey.pk, invitee.user_id),
                Invitation(
                    survey=survey, user_id=invitee.user_id, cohort_id=invitee.cohort_id,
                    created_at=now,
                ),
            )  # fmt: skip
    if not rows:
        return 0
    Invitation.objects.bulk_create(rows.values(), ignore_conflicts=True, batch_size=1000)
    pending_surveys_forget(user_ids={user_id for _, user_id in rows})
    return len(rows)


def _enqueue(invitation: Invitation, now: datetime) -> int | None:
    user, survey = invitation.user, invitation.survey
    if not user.email:
        return None
    context = {
        "user": user,
        "survey": survey,
        "cohort": invitation.cohort,
        "url": absolute_url(reverse("surveys:answer", args=[survey.pk])),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "question_count": survey.question_count,
    }
    email, created = outbox_email_enqueue(
        kind=SURVEY_INVITATION_KIND,
        key=f"{SURVEY_INVITATION_KIND}:{survey.pk}:{user.pk}",
        to=[user.email],
        subject=f"A short survey: {survey.title}",
        text=render_to_string("surveys/emails/invitation.txt", context),
        html=render_to_string("surveys/emails/invitation.html", context),
        now=now,
    )
    return email.pk if created else None


def survey_invitations_email(*, now: datetime | None = None) -> list[int]:
    """Queue the email of invitations not emailed yet (and not answered); returns the outbox
    ids this call wrote. Twin runs skip each other's locked rows."""
    from django.db.models import Count

    now = now or timezone.now()
    with transaction.atomic():
        batch = list(
            Invitation.objects.filter(emailed_at__isnull=True, answered_at__isnull=True)
            .select_related("user", "cohort")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")[:EMAIL_BATCH]
        )
        if not batch:
            return []
        surveys = Survey.objects.annotate(question_count=Count("questions")).in_bulk(
            {invitation.survey_id for invitation in batch}
        )
        created: list[int] = []
        for invitation in batch:
            invitation.survey = surveys[invitation.survey_id]
            outbox_id = _enqueue(invitation, now)
            if outbox_id is not None:
                created.append(outbox_id)
        Invitation.objects.filter(pk__in=[i.pk for i in batch]).update(emailed_at=now)
        outbox_send_on_commit(ids=created)
    return created


def survey_invitations_send(*, now: datetime | None = None) -> tuple[int, list[int]]:
    """The beat's job: invite who is due, then email them."""
    now = now or timezone.now()
    invited = survey_invitations_create(now=now)
    return invited, survey_invitations_email(now=now)
