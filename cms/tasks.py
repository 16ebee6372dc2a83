"""Operational tasks of the site itself."""

import os
import socket

from celery import shared_task

from django.core.management import call_command


@shared_task(name="cms.ping")
def ping(payload: str) -> dict:
    """Answer with what it was sent and which process answered: proves a worker consumes."""
    return {"echo": payload, "worker_host": socket.gethostname(), "worker_pid": os.getpid()}


@shared_task(name="cms.publish_scheduled")
def publish_scheduled() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (Wagtail's own
    command, run by beat every minute so scheduled articles appear without staff)."""
    call_command("publish_scheduled")
