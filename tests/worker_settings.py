"""Settings of a real Celery worker process started by a test (``tests/worker.py``).

The test profile, except what a worker must do like production: tasks it enqueues go to the
broker (never run eagerly inside the task that enqueued them), and email goes where
``EMAIL_URL`` says (the tests' SMTP sink) instead of an in-memory outbox nobody can read.
A few knobs let a test shrink production's time scales (``WORKER_*`` variables below).
"""

import os

from cms.settings import base as _base
from cms.settings.test import *  # noqa: F403
from cms.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS

CELERY_TASK_ALWAYS_EAGER = False

if os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = _base.EMAIL_BACKEND

# Redis redelivers a task whose worker died once its visibility timeout has passed; a test
# shortens it (and checks for expired deliveries every second) to see that within seconds.
if os.environ.get("WORKER_VISIBILITY_TIMEOUT"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "visibility_timeout": int(os.environ["WORKER_VISIBILITY_TIMEOUT"]),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }

# The outbox's lease (production: 90 s, renewed every 25 messages; engine/outbox/sending.py).
if os.environ.get("WORKER_OUTBOX_LEASE_SECONDS"):
    OUTBOX_LEASE_SECONDS = int(os.environ["WORKER_OUTBOX_LEASE_SECONDS"])

if os.environ.get("WORKER_NOTICE_CHUNK_SIZE"):
    COURSES_NOTICE_CHUNK_SIZE = int(os.environ["WORKER_NOTICE_CHUNK_SIZE"])
