"""Who may read the analytics dashboard and its API: holders of one permission."""

ANALYTICS_PERMISSION = "insight_dashboard.view_analytics"


def user_can_see_analytics(user) -> bool:
    """Signed in, active, and holding ``view_analytics`` (superusers, Editors, Moderators,
    and any group staff grant it to). Students and coaches do not."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.has_perm(ANALYTICS_PERMISSION)
