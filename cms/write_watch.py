"""One token that every write to the database replaces: what a reader's remembered page checks.

A page remembered for one reader (``cms.reader_cache``) shows things from many rooms: the
lesson, the class's releases, the reader's enrollments, progress, ratings, Kata entry, the
discussion, the header's counts. Listing every model (and every ``update()``,
``bulk_create()`` and raw ``INSERT ... SELECT`` that skips signals) would be a list somebody
forgets to extend. Instead, an execute wrapper on every database connection looks at each
statement Django sends: any ``INSERT``, ``UPDATE``, ``DELETE`` (or anything it cannot tell
is a read) on a table outside ``READER_CACHE_IGNORED_TABLES`` replaces the token. Forgetting
nothing is the default: a table wrongly watched costs speed, never a stale page.

When the token is replaced:

- **on commit**, once per transaction (in autocommit, right after the statement): a reader
  who rendered before the commit saw the old rows and stored them under the old token;
- **at once** as well, when this process stored a reader's page since its last replacement:
  the same process may read again before the commit (a test's transaction never commits).

Writes that bypass Django (``psql``, another application) are not seen: remembered pages
live ``READER_CACHE_SECONDS`` at most. When the cache is down nothing is served from it, and
a replacement that failed is logged.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from itertools import count

from django.conf import settings
from django.core.cache import cache
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

WRITES_KEY = "readercache:writes"
_READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "PRAGMA", "EXPLAIN")
_READS += ("SHOW", "SET ", "VALUES")
_TARGET = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?[\s(]', re.I)
_WRITE_WORD = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b", re.I)

_stores = count(1)  # bumped by every reader's page stored in this process
_latest_store = 0
_local = threading.local()


def writes_token() -> str:
    """The current token, created when the cache has none."""
    token = cache.get(WRITES_KEY)
    if token is None:
        cache.add(WRITES_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(WRITES_KEY)
    return token


def writes_store_seen() -> None:
    """A reader's page was stored in this process: the next write here replaces the token at
    once (besides on commit)."""
    global _latest_store
    _latest_store = next(_stores)


def statement_writes(sql) -> bool:
    """Does this statement change a watched table? Anything not plainly a read counts."""
    if isinstance(sql, bytes):
        sql = sql.decode(errors="replace")
    if not isinstance(sql, str):
        return True
    head = sql.lstrip(" \t\n(")[:10].upper()  # PostgreSQL's UNIONs open with "(SELECT"
    if head.startswith(_READS):
        return False
    if head.startswith("WITH") and not _WRITE_WORD.search(sql):
        return False
    target = _TARGET.match(sql)
    return target is None or target.group(1).lower() not in _ignored_tables()


def _ignored_tables() -> frozenset[str]:
    return frozenset(name.lower() for name in settings.READER_CACHE_IGNORED_TABLES)


def _replace() -> None:
    if getattr(_local, "replacing", False):  # a database cache writing its own table
        return
    _local.replacing = True
    try:
        cache.set(WRITES_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.error("reader cache: the writes token could not be replaced", exc_info=True)
    finally:
        _local.replacing = False


def replace_on_commit() -> None:
    _replace()


def _written(connection: BaseDatabaseWrapper) -> None:
    if not connection.in_atomic_block:  # autocommit: the statement is already committed
        _replace()
        connection._write_watch_store = _latest_store
        return
    if getattr(connection, "_write_watch_store", None) != _latest_store:
        connection._write_watch_store = _latest_store
        _replace()
    if not any(func is replace_on_commit for _, func, _ in connection.run_on_commit):
        connection.on_commit(replace_on_commit)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if statement_writes(sql):
        _written(context["connection"])
    return result


def watch_connection(sender, connection: BaseDatabaseWrapper, **kwargs) -> None:
    """``connection_created``: wrap every statement this connection runs (once per wrapper;
    a reconnect keeps the list). First in the list: ``connection.execute_wrapper()`` blocks
    pop the last one on exit, and a connection made inside one must not lose ours."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch)
