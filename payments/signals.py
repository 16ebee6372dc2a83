"""The app's own signal, and receivers connected in ``PaymentsConfig.ready()`` (each calls
one service).

``place_freed``: a limited place came free (a workshop ticket hold released or expired, a
ticket refunded; a class's seat given back by a refund or a released checkout; a waitlist
offer left), with ``sender`` the model class (``WorkshopPage`` or ``Cohort``) and ``target``
the workshop or class. The workshop paths send it after their transaction commits, the class
paths inside it: the waitlist's receiver offers the place once the transaction commits either
way (``transaction.on_commit`` runs at once outside a transaction). Staff saving a class or a
workshop (a raised capacity) does the same.

An invitee who opened their invitation link, then signed up, confirmed their address and
signed in (allauth), lands with their seat claimed: the link's token waits in the session
until they sign in. https://docs.allauth.org/en/latest/account/signals.html
"""

from django.contrib import messages
from django.db import transaction
from django.dispatch import Signal

from payments.errors import TeamError
from payments.teams import INVITATION_SESSION_KEY, invitation_from_link_token, team_seat_claim

place_freed = Signal()


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


def waitlist_offer_freed_place(sender, target, **kwargs) -> None:
    """After commit, offer the freed place to the waitlist (if anyone is waiting)."""
    from payments import tasks
    from payments.waitlist_selectors import waitlist_has_waiting
    from payments.waitlist_targets import target_key

    if waitlist_has_waiting(target=target):
        kind, pk = target_key(target)
        transaction.on_commit(lambda: tasks.waitlist_offer_next.delay(kind, pk))


def waitlist_offer_on_capacity_change(sender, instance, update_fields=None, **kwargs) -> None:
    """A class or workshop saved by staff may have more places now (offering is idempotent
    and only offers free places, so any save of the capacity is worth a look)."""
    if kwargs.get("raw") or (update_fields is not None and "capacity" not in update_fields):
        return
    waitlist_offer_freed_place(sender, target=instance)
