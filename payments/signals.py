"""Receivers connected in ``PaymentsConfig.ready()`` (each calls one service).

An editor publishing a workshop (perhaps with a raised capacity) is announced to the capacity
engine (``places_freed_announce``), whose waitlist offers any free ticket, as it does for
every place freed elsewhere (``engine.capacity.receivers``).

An invitee who opened their invitation link, then signed up, confirmed their address and
signed in (allauth), lands with their seat claimed: the link's token waits in the session
until they sign in. https://docs.allauth.org/en/latest/account/signals.html
"""

from django.contrib import messages

from engine.capacity.services import places_freed_announce
from payments.errors import TeamError
from payments.teams import (
    INVITATION_SESSION_KEY,
    invitation_from_link_token,
    team_seat_claim,
)


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


def workshop_published(sender, instance, **kwargs) -> None:
    """An editor published a workshop: its capacity may be higher now."""
    places_freed_announce(target=instance)
