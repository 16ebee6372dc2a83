"""One reminder to an invitee who has not claimed their seat three days after the invitation.

Once per invitation: the outbox key ``team_invitation_reminder:invitation:<pk>`` is unique, so
the hourly task (``payments.team_invitation_reminders``) skips invitations already reminded
and a retried send writes nothing twice. Only waiting invitations whose link still works
(``INVITATION_MAX_AGE``) are reminded; a claimed, revoked or voided one never is.
"""

from datetime import datetime, timedelta

from django.urls import reverse

from engine.outbox.models import OutboxEmail
from engine.outbox.services import outbox_send_on_commit
from payments.emails import _enqueue, absolute
from payments.models import InvitationStatus, TeamInvitation

from .services import INVITATION_MAX_AGE, invitation_link_token

REMIND_AFTER = timedelta(days=3)


def _key(invitation_id: int) -> str:
    return f"team_invitation_reminder:invitation:{invitation_id}"


def team_invitation_reminders_send(*, now: datetime) -> int:
    """Write the reminder of every invitation due one and have the outbox send them on
    commit; returns how many were written."""
    due = list(
        TeamInvitation.objects.filter(
            status=InvitationStatus.PENDING,
            created_at__lte=now - REMIND_AFTER,
            created_at__gt=now - INVITATION_MAX_AGE + timedelta(days=1),
        ).select_related("team__owner", "team__cohort")
    )
    written = set(
        OutboxEmail.objects.filter(key__in=[_key(i.pk) for i in due]).values_list("key", flat=True)
    )
    written_now = []
    for invitation in due:
        if _key(invitation.pk) in written:
            continue
        team = invitation.team
        link = absolute(reverse("payments:invitation", args=[invitation_link_token(invitation)]))
        row, created = _enqueue(
            kind="team_invitation_reminder",
            reference=f"invitation:{invitation.pk}",
            to=[invitation.email],
            subject=f"Your seat in {team.cohort.name} is still waiting",
            context={"invitation": invitation, "team": team, "link": link},
        )
        if created and row is not None:
            written_now.append(row.pk)
    outbox_send_on_commit(ids=written_now)
    return len(written_now)
