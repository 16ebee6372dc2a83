"""A real Celery round trip: the test enqueues, a worker process consumes, the result returns.

Runs in both profiles: the filesystem broker of `make run`, and Redis in CI's services run.
"""

import os

import pytest

from cms.tasks import ping
from tests.worker import eager_off, running_worker

pytestmark = pytest.mark.worker


def test_a_worker_process_consumes_a_task_and_returns_its_result(tmp_path):
    log = tmp_path / "worker.log"
    with running_worker(log), eager_off():
        result = ping.delay("hello from the test")
        try:
            answer = result.get(timeout=90)
        except Exception:
            print(log.read_text())
            raise

    assert answer["echo"] == "hello from the test"
    assert answer["worker_pid"] != os.getpid()
