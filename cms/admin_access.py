"""May this user use the Wagtail admin? One indexed query, remembered on the user object.

``user.has_perm("wagtailadmin.access_admin")`` loads all of a user's permissions in two
queries; every HTML page asks (the editor's userbar) and so does the lesson access policy.
The answer is the same as ``ModelBackend``'s (active users, direct or group permissions;
superusers always), in one ``EXISTS``.
"""

from django.contrib.auth.models import Permission
from django.db.models import Exists, Q

_ATTRIBUTE = "_can_use_admin"


def admin_permission_exists(user_ref) -> Exists:
    """An ``EXISTS`` subquery: does the user ``user_ref`` hold wagtailadmin.access_admin?"""
    return Exists(
        Permission.objects.filter(
            Q(user=user_ref) | Q(group__user=user_ref),
            codename="access_admin",
            content_type__app_label="wagtailadmin",
        )
    )


def user_can_use_admin(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    known = getattr(user, _ATTRIBUTE, None)
    if known is None:
        perm_cache = getattr(user, "_perm_cache", None)
        if perm_cache is not None:
            known = "wagtailadmin.access_admin" in perm_cache
        else:
            known = Permission.objects.filter(
                Q(user=user) | Q(group__user=user),
                codename="access_admin",
                content_type__app_label="wagtailadmin",
            ).exists()
        user_can_use_admin_remember(user, known)
    return known


def user_can_use_admin_remember(user, answer: bool) -> None:
    """Record an answer read elsewhere (an annotation on another query) for this request."""
    setattr(user, _ATTRIBUTE, bool(answer))
