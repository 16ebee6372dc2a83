"""Celery entry points of the capacity engine (ids in, a service call, nothing else)."""

from celery import shared_task


@shared_task(name="capacity.holds_sweep")
def holds_sweep() -> int:
    from engine.capacity.services import holds_sweep as sweep

    return sweep()


@shared_task(name="capacity.waitlist_offer_next")
def waitlist_offer_next(kind: str, target_id: int) -> int:
    from engine.capacity.kinds import target_get
    from engine.capacity.waitlist import waitlist_offer_next as offer_next

    return len(offer_next(target=target_get(kind, target_id)))


@shared_task(name="capacity.waitlist_sweep")
def waitlist_sweep() -> int:
    from engine.capacity.waitlist import waitlist_sweep as sweep

    return sweep()
