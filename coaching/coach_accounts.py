"""A coach profile linked to an account puts that account in the Coaches group.

Staff link a ``cms.Coach`` profile to a user (``Coach.user``) in the snippet editor; the
group (the coach's permissions) follows the link, so nobody has to add it by hand: linking
adds the account, unlinking (or deleting the profile) removes it unless the account is still
linked to a coach profile. ``cms`` cannot import ``coaching``, so the two signal handlers
below are connected explicitly in ``CoachingConfig.ready()``; each only calls the service.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from cms.models import Coach, User

COACHES_GROUP = "Coaches"


def coach_group_sync(*, user_ids: Iterable[int | None]) -> None:
    """Each of these accounts is in the Coaches group exactly when a coach profile links it."""
    ids = {pk for pk in user_ids if pk}
    if not ids:
        return
    group, _ = Group.objects.get_or_create(name=COACHES_GROUP)
    linked = set(Coach.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    with transaction.atomic():
        for user in User.objects.filter(pk__in=ids):
            if user.pk in linked:
                user.groups.add(group)
            else:
                user.groups.remove(group)


def coach_profile_remember_user(sender, instance: Coach, **kwargs) -> None:
    """pre_save: note which account the profile was linked to before this save."""
    if instance.pk is None:
        instance._previous_user_id = None
        return
    instance._previous_user_id = (
        Coach.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first()
    )


def coach_profile_saved(sender, instance: Coach, **kwargs) -> None:
    coach_group_sync(user_ids=[instance.user_id, getattr(instance, "_previous_user_id", None)])


def coach_profile_deleted(sender, instance: Coach, **kwargs) -> None:
    coach_group_sync(user_ids=[instance.user_id])
