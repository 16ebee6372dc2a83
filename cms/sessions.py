"""Sessions: written to the database and kept in the cache for at most
``SESSION_CACHE_SECONDS``, so a signed-in page usually reads its session without a query.

Django's ``cached_db`` keeps the cached copy as long as the session lives (two weeks). If
the cache cannot be reached when someone signs out, the database row goes but the cached
copy stays; once the cache is back, that cookie would be signed in again until the copy
expired. Capping the copy's lifetime bounds that window to ``SESSION_CACHE_SECONDS``, at the
price of one database read per person per window.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS

_KEY_CHARS = frozenset(VALID_KEY_CHARS)


class _CappedTimeouts:
    """The session cache, with every timeout it is given capped at ``cap`` seconds."""

    def __init__(self, cache, cap: int) -> None:
        self._cache = cache
        self._cap = cap

    def _capped(self, timeout):
        return self._cap if timeout is None else min(timeout, self._cap)

    def set(self, key, value, timeout=None, *args, **kwargs):
        return self._cache.set(key, value, self._capped(timeout), *args, **kwargs)

    async def aset(self, key, value, timeout=None, *args, **kwargs):
        return await self._cache.aset(key, value, self._capped(timeout), *args, **kwargs)

    def __contains__(self, key) -> bool:
        return key in self._cache

    def __getattr__(self, name):
        return getattr(self._cache, name)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None) -> None:
        super().__init__(session_key)
        self._cache = _CappedTimeouts(self._cache, settings.SESSION_CACHE_SECONDS)

    def _validate_session_key(self, key) -> bool:
        """A cookie holding characters Django never puts in a key is no session at all, so a
        forged or garbled cookie never becomes a cache key or a database lookup."""
        return super()._validate_session_key(key) and _KEY_CHARS.issuperset(key)

    def exists(self, session_key) -> bool:
        # allauth's app sessions ask with the X-Session-Token header as it came.
        return self._validate_session_key(session_key) and super().exists(session_key)
