"""A worker killed (SIGKILL) in the middle of a release's chunk: after a new worker starts,
every student has their one message (one ``Message-ID``) at the SMTP server, the only repeats
are the messages that were in flight on the dead worker's connection (at most 25, each with
the same ``Message-ID`` as the first time), and recovery ends within 2 minutes of the restart.

Services profile only (Redis broker, PostgreSQL, real worker processes, a real SMTP server):
the release is fanned out by the first worker in chunks of 50 over SMTP to an aiosmtpd sink;
the outbox marks "sent" every 25 messages. While the worker waits for the server's answer to
message 46, the sink kills the worker's process group: 25 rows are marked sent, 20 were
accepted but not marked, and the chunk's rows stay claimed under a dead lease; the second
chunk is still queued. The second worker sends the queued chunk; the test plays beat (the
``outbox.sweep`` entry, at its production interval), which hands the dead claim's rows to a
new task once their (shortened) lease has expired. Redis's visibility timeout (one hour) plays
no part: recovery does not wait for the broker to redeliver the killed task.
"""

import threading
import time
from collections import Counter, defaultdict

import pytest

from django.conf import settings

from cms.celery import app as celery_app
from courses.models import ReleaseNotice
from courses.services import week_release_create
from engine.outbox.models import EmailState, OutboxEmail
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

STUDENTS = 80
CHUNK = 50
KILL_AFTER = 45  # accepted messages before the kill: 25 marked, 20 in flight unmarked
LEASE = 5  # seconds; production: 90 s, renewed every 25 messages
SWEEP_EVERY = settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]["schedule"]  # production: 30 s
RECOVERY_PROMISE = 120  # seconds from the restart


def worker_env(sink) -> dict[str, str]:
    return {
        "DATABASE_URL": worker_database_url(),
        "EMAIL_URL": sink.url,
        "WORKER_NOTICE_CHUNK_SIZE": str(CHUNK),
        "WORKER_OUTBOX_LEASE_SECONDS": str(LEASE),
    }


def ledger() -> Counter:
    return Counter(OutboxEmail.objects.filter(kind="release").values_list("state", flat=True))


def play_beat(stop: threading.Event) -> None:
    """What beat does in production: queue ``outbox.sweep`` every ``SWEEP_EVERY`` seconds."""
    while not stop.is_set():
        celery_app.send_task("outbox.sweep")
        stop.wait(SWEEP_EVERY)


def test_a_worker_killed_mid_chunk_resends_only_its_in_flight_messages_with_the_same_id(
    tmp_path,
):
    school = release_school(students=STUDENTS)
    first: dict = {}
    killed = threading.Event()

    def kill_while_waiting_for_the_server(recipients: list[str]) -> bool:
        """Called by the sink before it accepts a message: the 46th is never accepted."""
        if killed.is_set() or sink.count() < KILL_AFTER:
            return True
        kill_worker(first["worker"])
        killed.set()
        return False

    with smtp_sink(delay=0.02, before_accept=kill_while_waiting_for_the_server) as sink:
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
            assert at_the_kill[EmailState.SENT] == 25  # one mark of 25; the next was due at 50
            assert at_the_kill[EmailState.CLAIMED] == CHUNK - 25  # under the dead claim
            assert at_the_kill[EmailState.PENDING] == STUDENTS - CHUNK  # the queued chunk

            log = tmp_path / "second-worker.log"
            stop_beat = threading.Event()
            with running_worker(log, env):
                restarted = time.monotonic()
                beat = threading.Thread(target=play_beat, args=(stop_beat,), daemon=True)
                beat.start()
                try:
                    settled = wait_for(
                        lambda: ledger()[EmailState.SENT] == STUDENTS, timeout=RECOVERY_PROMISE
                    )
                    recovery = time.monotonic() - restarted
                    assert settled, f"ledger {dict(ledger())}\n{log.read_text()}"
                    time.sleep(2)  # a late duplicate, if any were coming, would show up here
                finally:
                    stop_beat.set()
                    beat.join()

    assert recovery <= RECOVERY_PROMISE
    expected_id = {
        notice.enrollment.user.email: notice.email.message_id
        for notice in ReleaseNotice.objects.select_related("enrollment__user", "email")
    }
    ids_by_student = defaultdict(list)
    for item in sink.accepted:
        (student,) = item.recipients
        ids_by_student[student].append(item.message["Message-ID"])
    # Every student has their one message id; repeats carry the same id as the first copy.
    assert {s: set(ids) for s, ids in ids_by_student.items()} == {
        s: {message_id} for s, message_id in expected_id.items()
    }
    twice = [s for s, ids in ids_by_student.items() if len(ids) == 2]
    assert all(len(ids) <= 2 for ids in ids_by_student.values())
    assert len(twice) == KILL_AFTER - 25 <= 25  # exactly the in-flight, unmarked ones
    assert ledger() == Counter({EmailState.SENT: STUDENTS})
    assert all("text/html" in item.content_types for item in sink.accepted)
    assert all("text/plain" in item.content_types for item in sink.accepted)
