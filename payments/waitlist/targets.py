"""What a waitlist waits for, as the waitlist's pages, admin and emails name it: a target of
any registered capacity kind (a class, a workshop, or whatever registers next), seen through
``engine.capacity.kinds``. Nothing here asks which kind it has.
"""

from django.db.models import Model, Q

from engine.capacity.kinds import kind_for, target_get

Target = Model


def target_key(target: Target) -> tuple[str, int]:
    """How a task or a URL names the target: ``("cohort", 7)`` or ``("workshop", 12)``."""
    return kind_for(target).name, target.pk


def target_from_key(kind: str, pk: int) -> Target:
    """The target ``(kind, pk)`` names; ``LookupError`` (or ``DoesNotExist``) if none."""
    return target_get(kind, pk)


def target_filter(target: Target) -> Q:
    """The entries of ``target``'s waitlist."""
    kind, pk = target_key(target)
    return Q(kind=kind, target_id=pk)


def target_name(target: Target) -> str:
    return kind_for(target).title(target)


def target_buy_url(target: Target) -> str:
    return kind_for(target).buy_url(target)


def target_join_url(target: Target) -> str:
    return kind_for(target).join_url(target)
