"""Operational tasks of the site itself."""

import os
import socket

from celery import shared_task

from django.core.management import call_command

from cms.rate_limits import rate_limits_prune as prune_rate_limits


@shared_task(name="cms.ping")
def ping(payload: str) -> dict:
    """Answer with what it was sent and which process answered: proves a worker consumes."""
    return {"echo": payload, "worker_host": socket.gethostname(), "worker_pid": os.getpid()}


@shared_task(name="cms.publish_scheduled")
def publish_scheduled() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (Wagtail's own
    command, run by beat every minute so scheduled articles appear without staff)."""
    call_command("publish_scheduled")


@shared_task(name="cms.rate_limits_prune")
def rate_limits_prune() -> int:
    """Delete rate-limit counters whose window has closed (beat, hourly)."""
    return prune_rate_limits()
