"""The engine's own receiver, connected in ``CapacityConfig.ready()``: places freed in a
target with people waiting are offered to them, in a task after the commit that freed them
(``signals.places_freed`` is sent on commit already)."""

from engine.capacity.models import WaitlistEntry, WaitlistStatus


def waitlist_offer_freed_places(sender, kind: str, target_id: int, **kwargs) -> None:
    from engine.capacity import tasks

    waiting = WaitlistEntry.objects.filter(
        kind=kind, target_id=target_id, status=WaitlistStatus.WAITING
    )
    if waiting.exists():
        tasks.waitlist_offer_next.delay_on_commit(kind, target_id)
