"""Start a real Celery worker process against the broker the test profile is configured with.

Embedded profile: kombu's filesystem transport and Celery's file result backend, both under
``var/``. Services profile (REDIS_URL set): Redis for both. The worker runs the same code and
settings as the test process (``tests/worker_settings.py``: the test profile with eager
execution off), in its own process and session, so a task really crosses the broker and a test
can kill the worker outright (``kill_worker``).
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from celery.result import allow_join_result

from django.db import connection

from cms.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def eager_off() -> Iterator[None]:
    """Send tasks to the broker instead of running them in-process, for this block only."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        # The test waits on results as a client, not from inside a task. Celery's "inside a
        # task" flag is process-global, and eager tasks run from several threads at once
        # (tests/concurrency.py) can leave it set, failing result.get() here.
        with allow_join_result():
            yield
    finally:
        celery_app.conf.task_always_eager = previous


@contextmanager
def running_worker(
    log_path: Path, extra_env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.worker_settings", **(extra_env or {})}
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "--app",
                "cms",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                f"test-worker-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill_worker kills it, not pytest
        )
        try:
            yield worker
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def kill_worker(worker: subprocess.Popen) -> None:
    """SIGKILL the worker's whole process group, as the OOM killer or a lost host would: no
    shutdown, no acknowledgement; the broker still holds the task it was running."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=20)


def worker_database_url() -> str:
    """DATABASE_URL of the database this test runs on (pytest-django's test database), for
    ``running_worker(extra_env=...)``: a worker that writes must see the test's rows."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    port = f":{db['PORT']}" if db["PORT"] else ""
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"


def wait_for(predicate, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
