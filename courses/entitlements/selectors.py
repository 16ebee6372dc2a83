"""Reads of tier entitlements: what a tier includes, for the price page, the access policy,
coaching credits and the executive circle. Each answer is one query."""

from __future__ import annotations

from collections.abc import Iterable

from cms.page_cache import page_cache_memo, page_cache_purge
from courses.entitlements.models import EntitlementKind, GatedLesson, TierEntitlement
from courses.models import Enrollment, EnrollmentStatus


def perk_lines_by_tier(*, tiers: Iterable[str]) -> dict[str, list[str]]:
    """``{tier: [perk line, ...]}`` for the price page, in the editors' order (one query)."""
    found: dict[str, list[str]] = {tier: [] for tier in tiers}
    for entitlement in TierEntitlement.objects.filter(tier__in=list(found)):
        found[entitlement.tier].append(entitlement.perk_line)
    return found


def tiers_granting(*, kind: str) -> dict[str, int]:
    """``{tier: quantity}`` of the tiers that include ``kind`` (one query)."""
    return dict(TierEntitlement.objects.filter(kind=kind).values_list("tier", "quantity"))


def tier_quantity(*, tier: str, kind: str) -> int:
    """How many of ``kind`` ``tier`` includes (0: not included)."""
    return tiers_granting(kind=kind).get(tier, 0)


def lesson_required_entitlement(*, lesson_id: int) -> str:
    """The entitlement a lesson needs ("" for a lesson every student of the class opens).

    Remembered with the lesson's page-cache generation (``cms.page_cache.page_cache_memo``),
    which a change of the lesson's gate replaces (``gate_changed``), so the lesson page and
    the API pay no query for it."""
    return page_cache_memo(
        name=f"lesson-gate|{lesson_id}",
        page_ids=[lesson_id],
        compute=lambda: (
            GatedLesson.objects.filter(lesson_id=lesson_id)
            .values_list("requires", flat=True)
            .first()
            or ""
        ),
    )


def gate_changed(sender, instance: GatedLesson, **kwargs) -> None:
    """A gate was added, changed or removed: forget what the lesson's memo says (on commit)."""
    page_cache_purge(page_ids=[instance.lesson_id])


def enrollments_entitled(*, user, kind: str):
    """The user's active enrollments whose tier includes ``kind``."""
    return Enrollment.objects.filter(
        user=user,
        status=EnrollmentStatus.ACTIVE,
        tier__in=TierEntitlement.objects.filter(kind=kind).values("tier"),
    )


def user_entitled(*, user, kind: str) -> bool:
    """Whether the user has an active enrollment in a tier that includes ``kind``."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return enrollments_entitled(user=user, kind=kind).exists()


__all__ = [
    "EntitlementKind",
    "enrollments_entitled",
    "lesson_required_entitlement",
    "perk_lines_by_tier",
    "tier_quantity",
    "tiers_granting",
    "user_entitled",
]
