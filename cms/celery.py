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
# failures with exponential backoff and jitter, then give up in a visible failed state.
NETWORK_TASK_OPTIONS = {
    "autoretry_for": (ConnectionError, TimeoutError, OSError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}
