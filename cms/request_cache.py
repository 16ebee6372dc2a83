"""A per-request memo in front of the Redis cache: within one web request each key is fetched
from Redis at most once, and several keys can be fetched in one round trip (``get_many``)
before the code that reads them one by one runs.

A signed-in page reads a dozen small keys (its session, the header's per-person links, page
and discussion versions); each is a network round trip, and some were read twice. The
middleware opens a memo for the request; ``ResilientRedisCache`` (``cms.cache_backends``)
answers reads from it and keeps it true to this request's own writes and deletes. What
another process writes meanwhile is seen on the next request, as before. Values are kept
pickled, so a caller that changes what it read cannot change what the next reader gets.
Outside a request (Celery tasks, commands) there is no memo and every read goes to Redis.
"""

from __future__ import annotations

import pickle
from contextvars import ContextVar
from typing import Any

MISSING = object()
_memo: ContextVar[dict[str, bytes | None] | None] = ContextVar("request_cache_memo", default=None)


def memo() -> dict[str, bytes | None] | None:
    """This request's memo (full cache key -> pickled value, or None for a known miss)."""
    return _memo.get()


def remembered(backend) -> bool:
    """Whether reads through ``backend`` are remembered now (a request, a memo-aware backend)."""
    return _memo.get() is not None and getattr(backend, "remembers_requests", False)


def remember(memo_: dict[str, bytes | None], key: str, value: Any) -> None:
    memo_[key] = None if value is MISSING else pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def recall(memo_: dict[str, bytes | None], key: str) -> Any:
    """The remembered value, ``MISSING`` for a remembered miss; call only for keys in the memo."""
    raw = memo_[key]
    return MISSING if raw is None else pickle.loads(raw)  # noqa: S301 (our own pickles)


class RequestCacheMiddleware:
    """Opens the memo for the request and drops it once the response is made."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
