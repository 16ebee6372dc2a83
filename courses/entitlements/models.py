"""A tier is a set of entitlements (issue 16, item 4).

``TierEntitlement``: one thing a tier (``courses.EnrollmentTier``) includes, with a quantity
where one makes sense (four 1:1 coaching sessions). The price page's perk list is rendered
from these rows (``courses.entitlements.selectors.perk_lines_by_tier``), and the access policy
(``courses.selectors.access``), the coaching credits and the executive circle read the same
rows, so what is sold is what is delivered.

``GatedLesson``: a lesson (with its takeaways and video) kept for the tiers that include an
entitlement, e.g. executive-only content.
"""

from django.db import models
from django.db.models import Q

from courses.models import EnrollmentTier

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


class EntitlementKind(models.TextChoices):
    COACHING_SESSIONS = "coaching_sessions", "1:1 coaching sessions"
    PEER_CIRCLE = "peer_circle", "Executive peer circle"
    EXECUTIVE_CONTENT = "executive_content", "Executive-only lessons and files"


class TierEntitlement(models.Model):
    """One thing ``tier`` includes; editors add, change and remove these in the admin."""

    tier = models.CharField(max_length=20, choices=EnrollmentTier.choices)
    kind = models.CharField(max_length=32, choices=EntitlementKind.choices)
    quantity = models.PositiveSmallIntegerField(
        default=1,
        help_text="How many (1:1 coaching sessions per enrollment); 1 for the others.",
    )
    sort_order = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the price page's list of what the tier includes."
    )

    class Meta:
        ordering = ["tier", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "kind"], name="entitlements_once_per_tier"),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="entitlements_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tier_display()}: {self.perk_line}"

    @property
    def perk_line(self) -> str:
        """How the price page says it, from the data (never free text)."""
        if self.kind == EntitlementKind.COACHING_SESSIONS:
            count = (
                NUMBER_WORDS[self.quantity] if self.quantity < len(NUMBER_WORDS) else self.quantity
            )
            noun = "session" if self.quantity == 1 else "sessions"
            return f"{str(count).capitalize()} 1:1 coaching {noun} with a coach"
        if self.kind == EntitlementKind.PEER_CIRCLE:
            return "The executive peer circle, shared with executives of every running class"
        return "Executive-only lessons and files"


class GatedLesson(models.Model):
    """A lesson only students whose tier includes ``requires`` may open (files included)."""

    lesson = models.OneToOneField(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="entitlement_gate"
    )
    requires = models.CharField(
        max_length=32,
        choices=[(EntitlementKind.EXECUTIVE_CONTENT, EntitlementKind.EXECUTIVE_CONTENT.label)],
        default=EntitlementKind.EXECUTIVE_CONTENT,
    )

    class Meta:
        verbose_name = "tier-only lesson"

    def __str__(self) -> str:
        return f"{self.lesson.title} ({self.get_requires_display()})"
