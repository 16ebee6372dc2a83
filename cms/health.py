"""``/healthz``: is every peer the site depends on reachable right now?

Each check returns nothing when healthy and raises when not; the view reports every check
with its latency and answers 503 naming whatever is down, so a load balancer and a person
reading the JSON see the same thing.

A peer that accepts a connection and then never answers (an S3 endpoint behind a dead load
balancer, a broker or database host that swallows packets) must not hold the answer: the
checks run at once, each in its own thread with its own deadline (``CHECK_TIMEOUT_SECONDS``),
and one past its deadline is reported as timed out, by name, while its thread is left to end
on its own (daemon threads, each closing its own database connection). So ``/healthz``
answers within about ``CHECK_TIMEOUT_SECONDS``, under the 2 seconds a load balancer waits.
"""

import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from kombu import Connection

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

CHECK_TIMEOUT_SECONDS = 1.5


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return the value just written")
    cache.delete(key)


def check_broker() -> None:
    broker = Connection(
        settings.CELERY_BROKER_URL,
        transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        connect_timeout=CHECK_TIMEOUT_SECONDS,
    )
    with broker:
        broker.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, timeout=CHECK_TIMEOUT_SECONDS
        )
        if broker.transport_cls == "filesystem":
            folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
            if not folder.is_dir():
                raise RuntimeError(f"broker folder {folder} does not exist")
        else:
            # Open a channel: for Redis and AMQP this is a real round trip to the server.
            broker.default_channel.client  # noqa: B018


def check_storage() -> None:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        if not default_storage.exists(name):
            raise RuntimeError("a file just written to storage is not there")
    finally:
        default_storage.delete(name)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
}


class _CheckRun(threading.Thread):
    """One check in its own thread: ``outcome`` is None (healthy), an exception, or unset."""

    def __init__(self, name: str, check: Callable[[], None]) -> None:
        super().__init__(name=f"healthz-{name}", daemon=True)
        self.check = check
        self.outcome: BaseException | None = None
        self.finished_at: float | None = None

    def run(self) -> None:
        try:
            self.check()
        except BaseException as exc:  # reported, never raised: the view must answer
            self.outcome = exc
        finally:
            self.finished_at = time.perf_counter()
            connections.close_all()  # this thread's own connections


def run_checks(timeout: float = CHECK_TIMEOUT_SECONDS) -> dict[str, dict]:
    started = time.perf_counter()
    runs = {name: _CheckRun(name, check) for name, check in CHECKS.items()}
    for run in runs.values():
        run.start()
    deadline = started + timeout
    results: dict[str, dict] = {}
    for name, run in runs.items():
        run.join(max(deadline - time.perf_counter(), 0))
        if run.is_alive():
            results[name] = {
                "ok": False,
                "error": f"timed out: no answer within {timeout:g} s",
                "timed_out": True,
                "ms": round(timeout * 1000, 1),
            }
            continue
        if run.outcome is None:
            results[name] = {"ok": True}
        else:
            results[name] = {"ok": False, "error": f"{type(run.outcome).__name__}: {run.outcome}"}
        results[name]["ms"] = round((run.finished_at - started) * 1000, 1)
    return results


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    down = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "unavailable" if down else "ok", "down": down, "checks": checks}
    return JsonResponse(body, status=503 if down else 200)
