"""A Redis cache that degrades to "nothing cached" when Redis is down, instead of erroring.

Everything this project keeps in the cache can be recomputed (cached pages, routes, menus,
Wagtail's site root paths): a Redis outage must make pages slower, never fail them. Django's
``RedisCache`` raises ``redis.ConnectionError`` from every call, and Wagtail itself reads the
cache on every page URL it builds, so the tolerance has to live in the backend. Reads answer
a miss, writes are dropped, and each failure is logged (once a minute at most per process).

Within a web request the backend also answers reads from the request's memo
(``cms.request_cache``), so no key costs two round trips in one request.
"""

import logging
import time

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from cms import request_cache
from cms.request_cache import MISSING, recall, remember

logger = logging.getLogger(__name__)

OUTAGE = (RedisConnectionError, RedisTimeoutError, OSError)
_last_warning = [0.0]


def _warn(operation: str) -> None:
    now = time.monotonic()
    if now - _last_warning[0] > 60:
        _last_warning[0] = now
        logger.warning("cache unavailable (%s): serving without it", operation, exc_info=True)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """One ``redis.Redis`` per connection pool, not one per cache call.

    Django builds a new client object for every call, and redis-py's constructor copies its
    table of about 170 response callbacks each time: a tenth of a millisecond per call, a
    millisecond on a signed-in page. A client is safe to share between threads (each command
    borrows a connection from the pool) and holds no connection of its own, and the pool
    notices a fork, so one per pool is enough.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class ResilientRedisCache(RedisCache):
    remembers_requests = True  # reads within a request go through cms.request_cache

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _key(self, key, version) -> str:
        return self.make_and_validate_key(key, version=version)

    def get(self, key, default=None, version=None):
        memo = request_cache.memo()
        if memo is not None and (full := self._key(key, version)) in memo:
            value = recall(memo, full)
            return default if value is MISSING else value
        try:
            value = super().get(key, MISSING, version)
        except OUTAGE:
            _warn("get")
            return default
        if memo is not None:
            remember(memo, full, value)
        return default if value is MISSING else value

    def get_many(self, keys, version=None):
        memo = request_cache.memo()
        found, wanted = {}, []
        for key in keys:
            full = self._key(key, version) if memo is not None else None
            if memo is not None and full in memo:
                value = recall(memo, full)
                if value is not MISSING:
                    found[key] = value
            else:
                wanted.append(key)
        if not wanted:
            return found
        try:
            fetched = super().get_many(wanted, version)
        except OUTAGE:
            _warn("get_many")
            return found
        if memo is not None:
            for key in wanted:
                remember(memo, self._key(key, version), fetched.get(key, MISSING))
        return found | fetched

    def _forget(self, keys, version) -> None:
        memo = request_cache.memo()
        if memo is not None:
            for key in keys:
                memo.pop(self._key(key, version), None)

    def has_key(self, key, version=None):
        memo = request_cache.memo()
        if memo is not None and (full := self._key(key, version)) in memo:
            return memo[full] is not None
        try:
            return super().has_key(key, version)
        except OUTAGE:
            _warn("has_key")
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget([key], version)
        try:
            return super().add(key, value, timeout, version)
        except OUTAGE:
            _warn("add")
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget([key], version)
        try:
            return super().set(key, value, timeout, version)
        except OUTAGE:
            _warn("set")

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget(list(data), version)
        try:
            return super().set_many(data, timeout, version)
        except OUTAGE:
            _warn("set_many")
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except OUTAGE:
            _warn("touch")
            return False

    def delete(self, key, version=None):
        self._forget([key], version)
        try:
            return super().delete(key, version)
        except OUTAGE:
            _warn("delete")
            return False

    def delete_many(self, keys, version=None):
        keys = list(keys)
        self._forget(keys, version)
        try:
            return super().delete_many(keys, version)
        except OUTAGE:
            _warn("delete_many")

    def incr(self, key, delta=1, version=None):
        self._forget([key], version)
        try:
            return super().incr(key, delta, version)
        except OUTAGE:
            _warn("incr")
            return delta

    def clear(self):
        memo = request_cache.memo()
        if memo is not None:
            memo.clear()
        return super().clear()
