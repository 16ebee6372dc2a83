"""Receivers connected in ``PaymentsConfig.ready()`` (each calls one service).

``engine.capacity.signals.places_freed``: places of a target of any capacity kind may be
free (a hold released or swept, a ticket or a seat refunded, a waitlist offer left, staff
raising a class's capacity through ``courses.capacity.cohort_capacity_changed``), sent after
the commit that freed them: the waitlist's receiver offers them. An editor publishing a
workshop (perhaps with a raised capacity) is announced the same way.

An invitee who opened their invitation link, then signed up, confirmed their address and
signed in (allauth), lands with their seat claimed: the link's token waits in the session
until they sign in. https://docs.allauth.org/en/latest/account/signals.html
"""

from django.contrib import messages
from django.db import transaction

from engine.capacity.services import places_freed_announce
from payments.errors import TeamError
from payments.teams import INVITATION_SESSION_KEY, invitation_from_link_token, team_seat_claim


def claim_invitation_on_login(sender, request, user, **kwargs) -> None:
    token = request.session.pop(INVITATION_SESSION_KEY, None) if request else None
    if not token:
        return
    try:
        invitation = invitation_from_link_token(token)
        team_seat_claim(invitation=invitation, user=user)
    except TeamError as error:
        messages.error(request, error.message)
        return
    messages.success(
        request,
        f"Welcome! You have a seat in {invitation.team.cohort.name}, which starts on "
        f"{invitation.team.cohort.start_date:%-d %B %Y}.",
    )


def waitlist_offer_freed_place(sender, kind: str, target_id: int, **kwargs) -> None:
    """Offer the freed places to the target's waitlist (if anyone is waiting there)."""
    from payments import tasks
    from payments.models import WaitlistEntry, WaitlistStatus

    waiting = WaitlistEntry.objects.filter(
        kind=kind, target_id=target_id, status=WaitlistStatus.WAITING
    )
    if waiting.exists():
        transaction.on_commit(lambda: tasks.waitlist_offer_next.delay(kind, target_id))


def workshop_published(sender, instance, **kwargs) -> None:
    """An editor published a workshop: its capacity may be higher now."""
    places_freed_announce(target=instance)
