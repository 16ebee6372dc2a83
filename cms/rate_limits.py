"""The project's own per-client limits, through allauth's rate limiter.

One mechanism for every limit keyed on the client (the waitlist join page and its API, and
any limit added later): allauth's limiter, configured in ``ACCOUNT_RATE_LIMITS`` beside the
sign-in limits (https://docs.allauth.org/en/latest/account/rate_limits.html), counting in the
cache and keyed on the client address that ``TRUSTED_PROXY_COUNT`` /
``TRUSTED_CLIENT_IP_HEADER`` define (cms/settings/base.py). A refusal raises ``RateLimited``,
which the API answers as 429 in its one error shape.
"""

from allauth.core.ratelimit import consume
from rest_framework import status

from django.http import HttpRequest

from cms.api_errors import ApiErrorSpec


class RateLimited(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def rate_limit_allows(request: HttpRequest, *, action: str) -> bool:
    """Count one ``action`` for this client; False once past the limit set for it in
    ``ACCOUNT_RATE_LIMITS`` (for views that answer the refusal themselves)."""
    return consume(request, action=action)


def rate_limit_consume(request: HttpRequest, *, action: str, message: str) -> None:
    """Count one ``action`` for this client; raises ``RateLimited`` (with ``message``) past
    the limit (for the API, which answers it as a 429)."""
    if not rate_limit_allows(request, action=action):
        raise RateLimited(message)


API_ERRORS = {RateLimited: ApiErrorSpec(status.HTTP_429_TOO_MANY_REQUESTS, "rate_limited")}
