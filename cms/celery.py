"""
The Celery application (cookiecutter-django style).

Configuration lives in Django settings under the ``CELERY_`` namespace; tasks are found in
each installed app's ``tasks.py``. https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

app = Celery("institute")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Defaults for tasks that talk to the network (SMTP, Stripe, Slack): retry transient
# failures with exponential backoff and jitter. Defined on the ground floor so the outbox's
# task shares them without the engine importing cms.
from engine.outbox.retry import NETWORK_TASK_OPTIONS  # noqa: E402

__all__ = ["NETWORK_TASK_OPTIONS", "app"]
