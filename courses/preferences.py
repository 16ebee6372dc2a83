"""Notification preferences: each release, a weekly digest, or none (one row per user)."""

from courses.models import NotificationMode, NotificationPreference


def notification_mode_get(*, user) -> NotificationMode:
    """The user's choice as the enum member, so pages can show its label, not its stored value."""
    mode = NotificationPreference.objects.filter(user=user).values_list("mode", flat=True).first()
    return NotificationMode(mode) if mode else NotificationMode.EACH_RELEASE


def notification_mode_set(*, user, mode: str) -> NotificationPreference:
    """Applies to releases announced from now on; what was already sent stays sent."""
    if mode not in NotificationMode.values:
        raise ValueError(f"Unknown notification mode {mode!r}")
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"mode": mode}
    )
    return preference
