"""The project's own rate limits: one mechanism, a window counter in the database.

Every limit the project sets itself (waitlist joins from the page and the API, comments, and
any limit added later) goes through ``rate_limit_consume``; allauth's account limits (failed
sign-ins, sign-up...) stay allauth's own, in ``ACCOUNT_RATE_LIMITS``.

* **Configured in one setting.** ``RATE_LIMITS`` maps a scope (the limited action) to a rate
  ``"<count>/<period>"``, the period ``s``, ``m``, ``h`` or ``d`` with an optional multiple:
  ``"10/h"`` is ten an hour, ``"5/10m"`` five per ten minutes.
* **Who is counted.** ``client_key(request)``: the client's address, found by the same function
  allauth's limits use (its adapter's ``get_client_ip``), so ``TRUSTED_PROXY_COUNT`` /
  ``TRUSTED_CLIENT_IP_HEADER`` (cms/settings/base.py) make it the real client behind a proxy and
  a client's own ``X-Forwarded-For`` changes nothing. ``user_key(user)``: a signed-in person.
* **The window.** A fixed window that opens at a key's first attempt and lasts the period: the
  first ``count`` attempts in it pass, the rest are refused until it closes, then a new window
  opens. (At most ``count`` in any window; across the end of one and the start of the next a
  client can get up to twice that in a period, which these limits accept.)
* **Exact under concurrency.** One row per (scope, key) (``RateLimitCounter``), counted by one
  atomic upsert, ``INSERT ... ON CONFLICT (scope, key) DO UPDATE SET count = count + 1 ...
  RETURNING count``, which PostgreSQL and SQLite both run: parallel attempts queue on the row
  and each gets its own count, so N + 5 simultaneous attempts against a limit of N pass exactly
  N, with no cache to flush or evict. Called inside a transaction, the count is part of it: a
  refusal raised there rolls its own increment back, and the row stays locked until commit
  (comments count and insert together). Called outside one, the attempt is counted at once.
* **The refusal.** ``RateLimited``: a sentence saying what was refused and when to try again
  (``message``), and ``retry_after``. Pages answer 429 with the message and a ``Retry-After``
  header; the API answers 429 in its one error shape, code ``rate_limited``, with
  ``retry_after`` in seconds (``API_ERRORS``).
* **Pruning.** Rows whose window has closed are deleted by beat (``cms.rate_limits_prune``,
  hourly); a closed row that is written again simply starts a new window.
"""

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from allauth.account.adapter import get_adapter
from rest_framework import status

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cms.api_errors import ApiErrorSpec
from cms.models import RateLimitCounter

_RATE_RE = re.compile(r"^\s*(?P<count>\d+)\s*/\s*(?P<multiple>\d*)\s*(?P<unit>[smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    period: timedelta


def parse_rate(text: str) -> Rate:
    """``"10/h"`` → ten per hour; ``"5/10m"`` → five per ten minutes."""
    match = _RATE_RE.match(text or "")
    if not match or int(match["count"]) < 1 or match["multiple"] == "0":
        raise ValueError(
            f'{text!r} is not a rate: write "<count>/<period>" with a count of at least 1 and a '
            'period in s, m, h or d, optionally multiplied ("10/h", "5/10m").'
        )
    seconds = int(match["multiple"] or 1) * _UNIT_SECONDS[match["unit"]]
    return Rate(count=int(match["count"]), period=timedelta(seconds=seconds))


def rate_for(scope: str) -> Rate:
    """The configured rate of ``scope``; a missing or malformed entry names what to fix."""
    limits = getattr(settings, "RATE_LIMITS", {})
    if scope not in limits:
        raise ImproperlyConfigured(f'RATE_LIMITS has no entry for "{scope}"; add e.g. "10/h".')
    try:
        return parse_rate(limits[scope])
    except ValueError as error:
        raise ImproperlyConfigured(f'RATE_LIMITS["{scope}"]: {error}') from error


def client_key(request: HttpRequest) -> str:
    """Count per client address (the real one behind the trusted proxies, as allauth does)."""
    return f"ip:{get_adapter(request).get_client_ip(request)}"


def user_key(user) -> str:
    """Count per signed-in person, wherever they connect from."""
    return f"user:{user.pk}"


def _wait_in_words(wait: timedelta) -> str:
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    if minutes > 90:
        hours = math.ceil(minutes / 60)
        return f"{hours} hours"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


class RateLimited(Exception):
    """Too many attempts at ``scope`` in its window; ``retry_after`` until the next may pass."""

    def __init__(self, *, scope: str, retry_after: timedelta, refused: str) -> None:
        self.scope = scope
        self.retry_after = max(retry_after, timedelta(seconds=1))
        self.message = f"{refused}; try again in {_wait_in_words(self.retry_after)}."
        super().__init__(self.message)

    @property
    def retry_after_seconds(self) -> int:
        return math.ceil(self.retry_after.total_seconds())


def _count_attempt(
    *, scope: str, key: str, now: datetime, period: timedelta
) -> tuple[int, datetime]:
    """Add one attempt (opening a new window if the last one closed); the window's count and end.

    The SQL names only quoted identifiers of our own table; every value is a parameter."""
    quote = connection.ops.quote_name
    table = quote(RateLimitCounter._meta.db_table)
    scope_col, key_col, count_col, expires_col = map(quote, ("scope", "key", "count", "expires_at"))
    closed = f"{table}.{expires_col} <= %s"
    sql = (
        f"INSERT INTO {table} ({scope_col}, {key_col}, {count_col}, {expires_col}) "  # noqa: S608
        f"VALUES (%s, %s, 1, %s) "
        f"ON CONFLICT ({scope_col}, {key_col}) DO UPDATE SET "
        f"{count_col} = CASE WHEN {closed} THEN 1 ELSE {table}.{count_col} + 1 END, "
        f"{expires_col} = CASE WHEN {closed} THEN excluded.{expires_col} "
        f"ELSE {table}.{expires_col} END "
        f"RETURNING {count_col}, {expires_col}"
    )
    adapt = connection.ops.adapt_datetimefield_value
    params = [scope, key, adapt(now + period), adapt(now), adapt(now)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count, expires_at = cursor.fetchone()
    if isinstance(expires_at, str):  # SQLite answers text
        expires_at = parse_datetime(expires_at)
    if timezone.is_naive(expires_at):
        expires_at = expires_at.replace(tzinfo=UTC)
    return count, expires_at


def rate_limit_consume(*, scope: str, key: str, refused: str, now: datetime | None = None) -> None:
    """Count one attempt at ``scope`` by ``key``; raise ``RateLimited`` past the configured rate.

    ``refused`` says what was refused, for a person ("Too many waitlist sign-ups from your
    network"); the exception's message adds when to try again.
    """
    rate = rate_for(scope)
    now = now or timezone.now()
    count, expires_at = _count_attempt(scope=scope, key=key, now=now, period=rate.period)
    if count > rate.count:
        raise RateLimited(scope=scope, retry_after=expires_at - now, refused=refused)


def rate_limits_prune(*, now: datetime | None = None) -> int:
    """Delete the counters whose window has closed; how many went."""
    deleted, _ = RateLimitCounter.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


API_ERRORS = {
    RateLimited: ApiErrorSpec(
        status.HTTP_429_TOO_MANY_REQUESTS,
        "rate_limited",
        more=lambda error: {"retry_after": error.retry_after_seconds},
    )
}
