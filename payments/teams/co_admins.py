"""Co-admins: people the team's owner names to run the team with them.

A co-admin invites, revokes, reassigns and sees the team's progress (pages, API, CSV); only
the owner buys seats, takes a seat without an invitation, and names or removes co-admins.
A co-admin needs an account, so the owner names them by the email they sign in with.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from payments.errors import TeamError
from payments.menu import team_menu_forget
from payments.models import Team

from .services import _clean_email, lock_team


def team_co_admin_add(*, team: Team, actor, email: str):
    """Name the account with ``email`` co-admin of the team (idempotent); returns the user."""
    email = _clean_email(email)
    with transaction.atomic():
        team = lock_team(team.pk)
        if team.owner_id != actor.pk:
            raise TeamError("Only the team's owner can name co-admins.")
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise TeamError(
                f"Nobody has an account with {email} yet. Ask them to create one, then name "
                "them again.",
                field="email",
            )
        if user.pk == team.owner_id:
            raise TeamError("You own this team already.", field="email")
        team.co_admins.add(user)
    team_menu_forget(user.pk)
    return user


def team_co_admin_remove(*, team: Team, actor, user_id: int) -> None:
    with transaction.atomic():
        team = lock_team(team.pk)
        if team.owner_id != actor.pk:
            raise TeamError("Only the team's owner can remove co-admins.")
        team.co_admins.remove(user_id)
    team_menu_forget(user_id)
