"""Who may read, post in and moderate the circle: the tier's entitlement, read through
``courses.entitlements`` (the one place tiers are read), and the same moderators as lesson
discussions (staff who use the admin, and coaches)."""

from __future__ import annotations

from dataclasses import dataclass

from courses.entitlements.models import EntitlementKind
from courses.entitlements.selectors import user_entitled
from courses.selectors import user_can_preview_lessons
from courses.selectors.coaching import cohort_ids_coached_by


@dataclass(frozen=True)
class CircleAccess:
    can_read: bool = False
    can_post: bool = False
    can_moderate: bool = False
    message: str = ""


NOT_INCLUDED = (
    "The executive peer circle comes with the Executive tier; your enrollment does not include it."
)


def circle_access(*, user) -> CircleAccess:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return CircleAccess(message="Sign in to join the executive peer circle.")
    if user_can_preview_lessons(user) or cohort_ids_coached_by(user):
        return CircleAccess(can_read=True, can_post=True, can_moderate=True)
    if user_entitled(user=user, kind=EntitlementKind.PEER_CIRCLE):
        return CircleAccess(can_read=True, can_post=True)
    return CircleAccess(message=NOT_INCLUDED)
