"""A worker killed (SIGKILL) in the middle of a release's fan-out: after a new worker starts,
every student has exactly one email at the SMTP server and the ledger says sent for all.

Services profile only (Redis broker, PostgreSQL, real worker processes, a real SMTP server):
the release is created by the test, fanned out by the first worker in chunks of 5 over SMTP to
an aiosmtpd sink; while the worker waits for the server's answer to message 13, the sink kills
the worker's process group. Messages 1-12 were accepted and marked sent; the rest of that
chunk is ``sending`` under a dead claim, and the later chunks are still queued. The second
worker sends the queued chunks; Redis redelivers the killed chunk after its (shortened)
visibility timeout, and by then the dead claim's (shortened) lease has expired, so exactly the
unsent rows of that chunk are sent.
"""

import threading
import time
from collections import Counter

import pytest

from cms.celery import app as celery_app
from courses.models import NoticeStatus, ReleaseNotice
from courses.services import week_release_create
from tests.conftest import SERVICES_PROFILE, requires_postgres
from tests.smtp_sink import smtp_sink
from tests.worker import eager_off, kill_worker, running_worker, wait_for, worker_database_url

from .release_helpers import release_school

# Services profile only; the embedded run skips it even in CI, whose services run has it.
pytestmark = [
    pytest.mark.worker,
    requires_postgres,
    pytest.mark.skipif(
        not SERVICES_PROFILE, reason="needs the services profile: PostgreSQL and a Redis broker"
    ),
    pytest.mark.django_db(transaction=True),
]

STUDENTS = 40
CHUNK = 5
KILL_AFTER = 12  # accepted messages before the kill: the third chunk is half sent
VISIBILITY_TIMEOUT = 6  # seconds; production: one hour
CLAIM_LEASE = 4  # seconds; production: 15 minutes (shorter than the visibility timeout)


def worker_env(sink) -> dict[str, str]:
    return {
        "DATABASE_URL": worker_database_url(),
        "EMAIL_URL": sink.url,
        "WORKER_NOTICE_CHUNK_SIZE": str(CHUNK),
        "WORKER_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "WORKER_CLAIM_LEASE_SECONDS": str(CLAIM_LEASE),
    }


def ledger() -> Counter:
    return Counter(ReleaseNotice.objects.values_list("status", flat=True))


def test_a_worker_killed_mid_chunk_leaves_no_student_without_or_with_two_emails(tmp_path):
    school = release_school(students=STUDENTS)
    first: dict = {}
    killed = threading.Event()

    def kill_while_waiting_for_the_server(recipients: list[str]) -> bool:
        """Called by the sink before it accepts a message: the 13th is never accepted."""
        if killed.is_set() or sink.count() < KILL_AFTER:
            return True
        kill_worker(first["worker"])
        killed.set()
        return False

    with smtp_sink(delay=0.05, before_accept=kill_while_waiting_for_the_server) as sink:
        env = worker_env(sink)
        with eager_off():
            celery_app.control.purge()  # nothing left over from an earlier run
            with running_worker(tmp_path / "first-worker.log", env) as worker:
                first["worker"] = worker
                week_release_create(cohort=school.cohort, week_number=1)
                assert wait_for(killed.is_set, timeout=90), (
                    tmp_path / "first-worker.log"
                ).read_text()

            at_the_kill = ledger()
            assert at_the_kill[NoticeStatus.SENT] == KILL_AFTER
            assert at_the_kill[NoticeStatus.SENDING] > 0  # the killed chunk's unsent rows
            assert at_the_kill[NoticeStatus.PENDING] > 0  # chunks the first worker never began
            assert sum(at_the_kill.values()) == STUDENTS

            log = tmp_path / "second-worker.log"
            with running_worker(log, env):
                settled = wait_for(lambda: ledger()[NoticeStatus.SENT] == STUDENTS, timeout=120)
                assert settled, f"ledger {dict(ledger())}\n{log.read_text()}"
                # Another redelivery, if any were still to come, would show up as a duplicate.
                time.sleep(VISIBILITY_TIMEOUT + 2)

    expected = Counter({enrollment.user.email: 1 for enrollment in school.enrollments})
    assert sink.per_recipient() == expected
    assert ledger() == Counter({NoticeStatus.SENT: STUDENTS})
    assert all("text/html" in item.content_types for item in sink.accepted)
    assert all("text/plain" in item.content_types for item in sink.accepted)
