"""The one way to Slack: ``slack_sdk``'s ``WebClient``, with retry handlers.

* HTTP 429: wait ``Retry-After`` seconds (the SDK's ``RateLimitErrorRetryHandler``), up to
  ``RATE_LIMIT_RETRIES`` times per call.
* HTTP 5xx and dropped connections: retry with exponential backoff (0.5 s, 1 s, ...).
* What is still failing after that raises, and the caller stores the error for the
  reconciler's next run (https://docs.slack.dev/tools/python-slack-sdk/web#retryhandler).
"""

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator

from django.conf import settings

RATE_LIMIT_RETRIES = 3
SERVER_ERROR_RETRIES = 2
BACKOFF = BackoffRetryIntervalCalculator(backoff_factor=0.5)


class AnyServerErrorRetryHandler(ServerErrorRetryHandler):
    """The SDK's handler retries only 500 and 503; a 502 or 504 from a proxy is as passing."""

    def _can_retry(self, *, state, request, response=None, error=None) -> bool:
        return response is not None and 500 <= response.status_code <= 599


def slack_enabled() -> bool:
    """Slack is on only when a bot token is configured."""
    return bool(settings.SLACK_BOT_TOKEN)


def slack_client() -> WebClient:
    return WebClient(
        token=settings.SLACK_BOT_TOKEN,
        base_url=settings.SLACK_API_BASE,
        timeout=15,
        retry_handlers=[
            ConnectionErrorRetryHandler(
                max_retry_count=SERVER_ERROR_RETRIES, interval_calculator=BACKOFF
            ),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
            AnyServerErrorRetryHandler(
                max_retry_count=SERVER_ERROR_RETRIES, interval_calculator=BACKOFF
            ),
        ],
    )
