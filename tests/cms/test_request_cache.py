"""Within one web request each Redis cache key costs at most one round trip, and the
header's per-person links are read in one; the request's own writes and deletes are seen at
once, another request's on the next request; a value a caller changes stays as stored; an
outage is still a miss. Against a real Redis (db 15, emptied around each test)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from django.core.cache import caches
from django.test import Client, override_settings

from cms import request_cache
from cms.request_cache import RequestCacheMiddleware
from tests.conftest import require_or_skip
from tests.factories import UserFactory

REDIS_DB15 = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0] + "/15"
REDIS_CACHES = {
    "default": {
        "BACKEND": "cms.cache_backends.ResilientRedisCache",
        "LOCATION": REDIS_DB15,
        "KEY_PREFIX": "request-cache-test",
    }
}


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(REDIS_DB15).ping()
    except redis.ConnectionError:
        require_or_skip(f"Redis is not reachable at {REDIS_DB15}")
    with override_settings(CACHES=REDIS_CACHES):
        caches["default"].clear()
        yield caches["default"]
        caches["default"].clear()


@pytest.fixture
def round_trips(redis_cache, monkeypatch):
    """The commands the backend sends to Redis, by name (counted at redis-py, the edge);
    ``round_trips.keys`` has each command's keys."""
    sent = SentCommands()
    original = redis.Redis.execute_command

    def counting(self, *args, **options):
        sent.append(str(args[0]).upper())
        sent.keys.append([str(key) for key in args[1:]])
        return original(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)
    return sent


class SentCommands(list):
    def __init__(self) -> None:
        super().__init__()
        self.keys: list[list[str]] = []

    def clear(self) -> None:
        super().clear()
        self.keys.clear()


def in_a_request(work):
    """Run ``work()`` as a view would, inside the request memo's middleware."""
    result = []
    RequestCacheMiddleware(lambda request: result.append(work()))(None)
    return result[0]


def test_a_key_read_twice_in_a_request_costs_one_round_trip(redis_cache, round_trips):
    redis_cache.set("k", {"n": 1})
    round_trips.clear()

    assert in_a_request(lambda: [redis_cache.get("k"), redis_cache.get("k")]) == [{"n": 1}] * 2
    assert round_trips == ["GET"]

    in_a_request(lambda: redis_cache.get("k"))  # another request asks again
    assert round_trips == ["GET", "GET"]


def test_a_miss_is_remembered_and_get_many_fills_the_memo(redis_cache, round_trips):
    redis_cache.set("a", 1)
    round_trips.clear()

    def work():
        many = redis_cache.get_many(["a", "b"])
        return many, redis_cache.get("a"), redis_cache.get("b", "default"), redis_cache.has_key("b")

    assert in_a_request(work) == ({"a": 1}, 1, "default", False)
    assert round_trips == ["MGET"]


def test_the_requests_own_writes_and_deletes_are_seen_at_once(redis_cache):
    def work():
        seen = [redis_cache.get("k")]
        redis_cache.set("k", "new")
        seen.append(redis_cache.get("k"))
        redis_cache.delete("k")
        seen.append(redis_cache.get("k", "gone"))
        redis_cache.set_many({"k": "again"})
        seen.append(redis_cache.get("k"))
        redis_cache.delete_many(["k"])
        redis_cache.add("k", 5)
        seen.append(redis_cache.get("k"))
        redis_cache.incr("k")
        seen.append(redis_cache.get("k"))
        return seen

    assert in_a_request(work) == [None, "new", "gone", "again", 5, 6]


def test_another_requests_write_is_seen_on_the_next_request(redis_cache):
    other = redis.Redis.from_url(REDIS_DB15)
    redis_cache.set("k", "old")

    def work():
        first = redis_cache.get("k")
        caches["default"].set("k", "elsewhere")  # the same key, written by "another process"
        other.flushdb()
        return first

    assert in_a_request(work) == "old"
    assert in_a_request(lambda: redis_cache.get("k", "fresh")) == "fresh"


def test_a_value_changed_by_its_reader_stays_as_stored(redis_cache):
    redis_cache.set("list", [1, 2])

    def work():
        redis_cache.get("list").append(3)
        return redis_cache.get("list")

    assert in_a_request(work) == [1, 2]


def test_outside_a_request_nothing_is_remembered(redis_cache, round_trips):
    redis_cache.set("k", 1)
    round_trips.clear()

    assert request_cache.memo() is None
    assert [redis_cache.get("k"), redis_cache.get("k")] == [1, 1]
    assert round_trips == ["GET", "GET"]


def test_an_outage_is_a_miss_inside_a_request_too():
    dead = {"default": {**REDIS_CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=dead):
        cache = caches["default"]
        assert in_a_request(lambda: (cache.get("k", "d"), cache.get_many(["k"]))) == ("d", {})


@pytest.mark.django_db
def test_the_header_reads_every_persons_link_key_in_one_round_trip(
    redis_cache, round_trips, rendering
):
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/dashboard/").status_code == 200  # the links are worked out and cached
    round_trips.clear()

    assert client.get("/dashboard/").status_code == 200

    menu = [
        "coaching:is-coach:",
        "payments:team-menu:",
        "surveys:pending:",
        "coaching-slots:menu:",
        "live_sessions:has:",
        "circle:menu:",
        "discussions:unread:",
    ]
    reads = [
        (command, [k for k in keys if any(m in k for m in menu)])
        for command, keys in zip(round_trips, round_trips.keys, strict=True)
    ]
    menu_reads = [(command, keys) for command, keys in reads if keys]
    assert len(menu_reads) == 1, menu_reads  # every person's link key, in one round trip
    assert menu_reads[0][0] == "MGET" and len(menu_reads[0][1]) == len(menu)


def test_a_write_without_a_timeout_lives_the_default_timeout_not_forever(redis_cache):
    # Django's contract: no timeout given means the cache's default (300 s), None means forever.
    redis_cache.set("plain", 1)
    redis_cache.add("added", 1)
    redis_cache.set_many({"many": 1})
    redis_cache.set("forever", 1, timeout=None)
    server = redis.Redis.from_url(REDIS_DB15)
    ttl = {k: server.ttl(redis_cache.make_key(k)) for k in ("plain", "added", "many", "forever")}
    assert all(0 < ttl[key] <= 300 for key in ("plain", "added", "many")), ttl
    assert ttl["forever"] == -1  # Redis: the key has no expiry


def test_one_client_object_serves_every_call_and_threads_share_it(redis_cache, monkeypatch):
    built = []
    original = redis.Redis.__init__

    def counting(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting)
    redis_cache.set("first", 1)  # the client may be built here, once

    def many_calls(n: int) -> list[int]:
        for i in range(20):
            redis_cache.set(f"k{n}-{i}", i)
        return [redis_cache.get(f"k{n}-{i}") for i in range(20)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(many_calls, range(4)))

    assert answers == [list(range(20))] * 4
    assert len(built) <= 1, "a redis.Redis was built per call"


def test_a_reused_client_still_answers_a_miss_when_redis_goes_away():
    dead = {"default": {**REDIS_CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=dead):
        cache = caches["default"]
        assert [cache.get("k", "d"), cache.get("k", "d")] == ["d", "d"]
        cache.set("k", 1)  # dropped, logged, no error
