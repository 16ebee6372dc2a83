"""The counters behind the project's own rate limits (cms/rate_limits.py)."""

from django.db import models


class RateLimitCounter(models.Model):
    """Attempts one client (``key``) made at one limited action (``scope``) in its current window.

    One row per (scope, key), reused window after window: the atomic upsert in
    ``cms.rate_limits`` adds one to ``count`` while the window is open and starts a new window
    (count 1, a new ``expires_at``) once it has closed. Rows whose window closed are pruned.
    """

    scope = models.CharField(max_length=64, help_text="The limited action, a key of RATE_LIMITS.")
    key = models.CharField(max_length=128, help_text='Who: "ip:<address>" or "user:<id>".')
    count = models.PositiveIntegerField(help_text="Attempts in the current window.")
    expires_at = models.DateTimeField(db_index=True, help_text="When the current window closes.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="rate_limit_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}: {self.count} until {self.expires_at:%Y-%m-%d %H:%M}"
