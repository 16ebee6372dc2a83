"""Discount codes editors create in the Wagtail admin, and each use of one.

A code takes a percentage or an amount off an order, for chosen classes and tiers, between
``valid_from`` and ``valid_until`` (empty: until the class's enrollment closes, so a code made
for the April class dies with it), up to ``max_redemptions`` uses in all, once per customer
unless told otherwise, for orders of at least ``min_seats`` seats.

Limits are database facts, safe under concurrency: ``used`` only moves through a guarded
``UPDATE ... SET used = used + 1 WHERE used < max_redemptions`` (and a check constraint
backs it), and "once per customer" is a unique constraint on the live redemptions of a
customer. A redemption is ``pending`` while its checkout is open, ``used`` once paid, and
``released`` (checkout expired or failed) or ``returned`` (refunded) afterwards, which gives
the use back.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from courses.models import Cohort, EnrollmentTier
from payments.money import DEFAULT_CURRENCY, money_format, validate_currency


class DiscountCode(models.Model):
    code = models.CharField(
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9-]+$", "Use letters, digits and hyphens only, e.g. APRIL17."
            )
        ],
        help_text="What buyers type, e.g. APRIL17. Not case-sensitive.",
    )
    description = models.CharField(max_length=200, blank=True, help_text="For other editors.")
    percent_off = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Percent off the order (1-100). Fill this or 'amount off', not both.",
    )
    amount_off = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Amount off the order in the smallest currency unit: 10000 is $100.00.",
    )
    currency = models.CharField(
        max_length=3,
        default=DEFAULT_CURRENCY,
        validators=[validate_currency],
        help_text="Currency of the amount off.",
    )
    cohorts = models.ManyToManyField(
        Cohort,
        blank=True,
        related_name="discount_codes",
        help_text="Classes the code is valid for. None chosen: every class.",
    )
    tiers = models.JSONField(
        default=list, blank=True, help_text="Tiers the code is valid for. None chosen: every tier."
    )
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(
        null=True, blank=True, help_text="Empty: until enrollment in the class closes."
    )
    max_redemptions = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="How many orders may use the code in all. Empty: no limit.",
    )
    used = models.PositiveIntegerField(
        default=0, editable=False, help_text="Orders holding or having used the code."
    )
    once_per_customer = models.BooleanField(default=True)
    min_seats = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1)], help_text="Smallest order it applies to."
    )
    active = models.BooleanField(default=True, help_text="Untick to stop the code at once.")
    # The Stripe Coupon and Promotion Code this code is mirrored to, for Stripe's reports.
    stripe_coupon_id = models.CharField(max_length=120, blank=True, editable=False)
    stripe_promotion_code_id = models.CharField(max_length=120, blank=True, editable=False)
    stripe_terms = models.CharField(max_length=64, blank=True, editable=False)
    stripe_synced_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("active")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("percent_off"), FieldPanel("amount_off"), FieldPanel("currency")]
                ),
            ],
            heading="Discount",
        ),
        MultiFieldPanel(
            [FieldPanel("cohorts"), FieldPanel("tiers"), FieldPanel("min_seats")],
            heading="Applies to",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
                FieldRowPanel([FieldPanel("max_redemptions"), FieldPanel("once_per_customer")]),
            ],
            heading="Limits",
        ),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(percent_off__isnull=False) & Q(amount_off__isnull=True))
                | (Q(percent_off__isnull=True) & Q(amount_off__isnull=False)),
                name="payments_code_percent_xor_amount",
            ),
            models.CheckConstraint(
                condition=Q(max_redemptions__isnull=True)
                | Q(used__lte=models.F("max_redemptions")),
                name="payments_code_never_over_limit",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs) -> None:
        self.code = self.code.upper()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.code = (self.code or "").upper()
        if (self.percent_off is None) == (self.amount_off is None):
            raise ValidationError(
                {"percent_off": "Fill in either a percent off or an amount off (one of them)."}
            )
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValidationError({"valid_until": "The code must end after it starts."})
        unknown = set(self.tiers or []) - set(EnrollmentTier.values)
        if unknown:
            raise ValidationError({"tiers": f"Unknown tier(s): {', '.join(sorted(unknown))}."})

    @property
    def display_value(self) -> str:
        if self.percent_off is not None:
            return f"{self.percent_off}% off"
        return f"{money_format(self.amount_off or 0, self.currency)} off"

    @property
    def remaining(self) -> int | None:
        return None if self.max_redemptions is None else max(self.max_redemptions - self.used, 0)

    def expires_at_for(self, cohort: Cohort):
        """When the code stops working for ``cohort`` (None: never)."""
        return self.valid_until or cohort.enrollment_closes_at


class RedemptionStatus(models.TextChoices):
    PENDING = "pending", "Held by an open checkout"
    USED = "used", "Used"
    RELEASED = "released", "Released (checkout expired or failed)"
    RETURNED = "returned", "Returned (order refunded)"


LIVE_REDEMPTION_STATUSES = (RedemptionStatus.PENDING, RedemptionStatus.USED)


class DiscountRedemption(models.Model):
    code = models.ForeignKey(DiscountCode, on_delete=models.PROTECT, related_name="redemptions")
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discount_redemptions"
    )
    order = models.OneToOneField(
        "payments.Order", on_delete=models.CASCADE, related_name="redemption"
    )
    status = models.CharField(
        max_length=20, choices=RedemptionStatus.choices, default=RedemptionStatus.PENDING
    )
    # Copied from the code when reserved: the unique constraint below can only read this row.
    once_per_customer = models.BooleanField()
    amount = models.PositiveIntegerField(help_text="What the code took off this order.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "customer"],
                condition=Q(once_per_customer=True, status__in=LIVE_REDEMPTION_STATUSES),
                name="payments_code_once_per_customer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} on order {self.order_id} ({self.status})"
