"""Celery entry points of the capacity engine (ids in, a service call, nothing else)."""

from celery import shared_task


@shared_task(name="capacity.holds_sweep")
def holds_sweep() -> int:
    from engine.capacity.services import holds_sweep as sweep

    return sweep()
