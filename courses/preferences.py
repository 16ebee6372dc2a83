"""Notification preferences: each release, a weekly digest, or none (one row per user)."""

from courses.models import NotificationMode, NotificationPreference


def notification_mode_get(*, user) -> str:
    mode = NotificationPreference.objects.filter(user=user).values_list("mode", flat=True).first()
    return mode or NotificationMode.EACH_RELEASE


def notification_mode_set(*, user, mode: str) -> NotificationPreference:
    """Applies to releases announced from now on; what was already sent stays sent."""
    if mode not in NotificationMode.values:
        raise ValueError(f"Unknown notification mode {mode!r}")
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"mode": mode}
    )
    return preference
