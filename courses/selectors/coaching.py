"""Who coaches which class: read through the coach profile's user account.

A coach is a ``cms.Coach`` profile (what readers see: name, photo, bio) linked to a user
account (``Coach.user``) and assigned to classes with a role (``CohortCoach``). Whatever a
coach may do in a class (answer its discussion, give feedback, see its progress) asks these
two questions; nothing else reads ``CohortCoach`` to decide.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from cms.models import User
from courses.models import CohortCoach


def cohort_ids_coached_by(user: User | AnonymousUser) -> frozenset[int]:
    """The ids of the classes this person coaches (lead or assistant), in one query."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return frozenset(
        CohortCoach.objects.filter(coach__user=user).values_list("cohort_id", flat=True)
    )


def user_coaches_cohort(user: User | AnonymousUser, cohort_id: int) -> bool:
    """Whether this person coaches the class ``cohort_id``, in one query."""
    if not user.is_authenticated or not user.is_active:
        return False
    return CohortCoach.objects.filter(coach__user=user, cohort_id=cohort_id).exists()
