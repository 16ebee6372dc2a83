"""What a seat costs: a price per class and tier, and the group bands editors maintain.

Prices are integers in the currency's smallest unit (``150000`` is $1,500.00). A purchase of
``GROUP_MIN_SEATS`` or more seats gets the percentage off of the band its seat count falls
in. Bands are percentages rather than amounts so that one small table serves every class,
tier and currency: editors keep one list (5-9, 10-19, 20+), not one per price.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from courses.entitlements.selectors import perk_lines_by_tier
from courses.models import Cohort, EnrollmentTier
from payments.money import DEFAULT_CURRENCY, money_format, validate_currency

GROUP_MIN_SEATS = 5
MAX_SEATS_PER_ORDER = 200


class CohortPrice(models.Model):
    """The price of one seat in one class, for one tier (standard or executive)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="prices")
    tier = models.CharField(max_length=20, choices=EnrollmentTier.choices)
    unit_amount = models.PositiveIntegerField(
        validators=[MinValueValidator(1)],
        help_text="Price of one seat in the smallest currency unit: 150000 is $1,500.00.",
    )
    currency = models.CharField(
        max_length=3, default=DEFAULT_CURRENCY, validators=[validate_currency]
    )
    perks = models.TextField(
        blank=True,
        help_text=(
            "An extra note shown under what the tier includes, one line each. What the tier "
            "includes (coaching sessions, the peer circle, executive-only lessons) comes from "
            "Tiers > What tiers include, so it is delivered as sold."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("cohort"), FieldPanel("tier")]),
        FieldRowPanel([FieldPanel("unit_amount"), FieldPanel("currency")]),
        FieldPanel("perks"),
    ]

    class Meta:
        ordering = ["cohort__start_date", "cohort_id", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "tier"], name="payments_one_price_per_tier"),
            models.CheckConstraint(condition=Q(unit_amount__gte=1), name="payments_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} — {self.get_tier_display()}: {self.display_amount}"

    @property
    def display_amount(self) -> str:
        return money_format(self.unit_amount, self.currency)

    @property
    def perk_lines(self) -> list[str]:
        """What the tier includes (its entitlements, attached by ``payments.selectors.
        cohort_prices`` for a whole page in one query), then this price's extra notes."""
        included = getattr(self, "entitlement_perks", None)
        if included is None:
            included = perk_lines_by_tier(tiers=[self.tier])[self.tier]
        notes = [line.strip() for line in self.perks.splitlines() if line.strip()]
        return [*included, *notes]


class GroupPriceBand(models.Model):
    """Buying ``min_seats`` to ``max_seats`` seats at once takes ``percent_off`` off each seat."""

    min_seats = models.PositiveSmallIntegerField(
        unique=True,
        validators=[MinValueValidator(GROUP_MIN_SEATS)],
        help_text=f"Smallest purchase in this band (group pricing starts at {GROUP_MIN_SEATS}).",
    )
    max_seats = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Largest purchase in this band; empty for 'and more'."
    )
    percent_off = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="Percent off the per-seat price, 1 to 90.",
    )

    panels = [
        FieldRowPanel([FieldPanel("min_seats"), FieldPanel("max_seats")]),
        FieldPanel("percent_off"),
    ]

    class Meta:
        ordering = ["min_seats"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_seats__isnull=True) | Q(max_seats__gte=models.F("min_seats")),
                name="payments_band_max_not_below_min",
            ),
            models.CheckConstraint(
                condition=Q(percent_off__gte=1, percent_off__lte=90),
                name="payments_band_percent_1_90",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seats_label} seats: {self.percent_off}% off"

    @property
    def seats_label(self) -> str:
        if self.max_seats is None:
            return f"{self.min_seats}+"
        return f"{self.min_seats}-{self.max_seats}"

    def clean(self) -> None:
        if self.max_seats is not None and self.min_seats and self.max_seats < self.min_seats:
            raise ValidationError(
                {"max_seats": "The largest purchase must not be below the smallest."}
            )
        if self.min_seats is None:
            return
        top = self.max_seats if self.max_seats is not None else 2**15
        overlapping = GroupPriceBand.objects.exclude(pk=self.pk).filter(
            Q(max_seats__isnull=True) | Q(max_seats__gte=self.min_seats), min_seats__lte=top
        )
        clash = overlapping.first()
        if clash is not None:
            raise ValidationError(
                f"These seat counts overlap the band {clash.seats_label}. Each seat count may "
                "belong to one band only: change this band's range or that one's first."
            )
