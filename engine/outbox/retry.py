"""Retry options for tasks that talk to the network (SMTP, Stripe, Slack): retry transient
failures with exponential backoff and jitter, then give up in a visible failed state.

Plain data with no Django import, so ``cms.celery`` re-exports it and the outbox's own task
uses it without the engine importing ``cms``."""

NETWORK_TASK_OPTIONS = {
    "autoretry_for": (ConnectionError, TimeoutError, OSError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}
