"""Orders, their lines and refunds, and the Stripe events that move them.

An order buys ``seats`` places of one target of a capacity kind sold through orders
(``capacity_kind`` and ``capacity_target_id``; ``payments.capacity`` says how each kind is
sold): seats in a class, tickets to a workshop, or whatever kind registers next. A kind
whose target the order also keeps as a foreign key (``cohort``, ``workshop``) fills it, so
joins and staff filters stay plain SQL; never both, and check constraints hold the two
spellings of the target equal. An order is created ``pending`` when
checkout starts (its places held, its discount reserved) and moves, under a row lock,
``pending -> paid -> fulfilled`` once Stripe says the session is paid, or to ``expired`` /
``failed`` (seats and code given back). A paid order whose place can no longer be honoured
goes ``refunding -> refunded``: nobody is charged without a place.

Exactly-once is a database fact, not a check-then-insert: one order per Checkout Session
(``stripe_session_id`` unique), one row per Stripe event (``StripeEvent.stripe_id``) and per
Stripe refund (``OrderRefund.stripe_refund_id``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from courses.models import Cohort, Enrollment, EnrollmentTier
from engine.capacity.kinds import kind_get
from payments.money import DEFAULT_CURRENCY, money_format


class OrderStatus(models.TextChoices):
    PENDING = "pending", "Waiting for payment"
    PAID = "paid", "Paid"
    FULFILLED = "fulfilled", "Paid and fulfilled"
    FAILED = "failed", "Payment failed"
    EXPIRED = "expired", "Checkout expired"
    REFUNDING = "refunding", "Being refunded"
    REFUNDED = "refunded", "Refunded"
    DISPUTED = "disputed", "Disputed"


class Order(models.Model):
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders"
    )
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    workshop = models.ForeignKey(
        "payments.WorkshopPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        help_text="Set instead of the class for an order of workshop tickets.",
    )
    capacity_kind = models.CharField(
        max_length=40,
        help_text="The capacity kind sold (engine.capacity): 'cohort', 'workshop', ...",
    )
    capacity_target_id = models.PositiveBigIntegerField(
        help_text="The id of the class, workshop, ... whose places the order buys."
    )
    tier = models.CharField(max_length=20, choices=EnrollmentTier.choices)
    seats = models.PositiveSmallIntegerField(help_text="Places bought (seats, tickets, ...).")
    team = models.ForeignKey(
        "payments.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        help_text="The team these seats are for (created when a multi-seat order is paid).",
    )
    enrollment = models.ForeignKey(
        Enrollment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The buyer's own place, for a single-seat order.",
    )
    status = models.CharField(
        max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING
    )
    currency = models.CharField(max_length=3, default=DEFAULT_CURRENCY)
    list_unit_amount = models.PositiveIntegerField(help_text="Seat price before group pricing.")
    group_percent_off = models.PositiveSmallIntegerField(default=0)
    unit_amount = models.PositiveIntegerField(help_text="Seat price after group pricing.")
    subtotal_amount = models.PositiveIntegerField()
    discount_amount = models.PositiveIntegerField(default=0)
    total_amount = models.PositiveIntegerField(help_text="What we charge, before tax.")
    tax_amount = models.PositiveIntegerField(default=0, help_text="Tax Stripe added, if any.")
    amount_paid = models.PositiveIntegerField(default=0)
    amount_refunded = models.PositiveIntegerField(default=0)
    discount_code = models.ForeignKey(
        "payments.DiscountCode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    customer_email = models.EmailField(blank=True)
    stripe_session_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    stripe_session_status = models.CharField(max_length=20, blank=True)
    stripe_payment_status = models.CharField(max_length=30, blank=True)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_charge_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_dispute_id = models.CharField(max_length=255, blank=True)
    checkout_url = models.URLField(max_length=1000, blank=True)
    adopted_hold = models.CharField(
        max_length=80,
        blank=True,
        db_index=True,
        help_text="The hold this order took its places from (a waitlist offer's 'waitlist:<id>').",
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    disputed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("refund_order", "Can refund orders")]
        indexes = [models.Index(fields=["status", "created_at"], name="payments_order_status")]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="payments_order_seats"),
            models.CheckConstraint(
                condition=Q(cohort__isnull=True) | Q(workshop__isnull=True),
                name="payments_order_one_target",
            ),
            # The foreign key, where a kind keeps one, is the target's id and nothing else.
            models.CheckConstraint(
                condition=Q(capacity_kind="cohort", capacity_target_id=models.F("cohort_id"))
                | (~Q(capacity_kind="cohort") & Q(cohort__isnull=True)),
                name="payments_order_cohort_is_its_target",
            ),
            models.CheckConstraint(
                condition=Q(capacity_kind="workshop", capacity_target_id=models.F("workshop_id"))
                | (~Q(capacity_kind="workshop") & Q(workshop__isnull=True)),
                name="payments_order_workshop_is_its_target",
            ),
            models.CheckConstraint(
                condition=Q(total_amount=models.F("subtotal_amount") - models.F("discount_amount")),
                name="payments_order_total_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(amount_refunded__lte=models.F("amount_paid")),
                name="payments_order_refund_within_paid",
            ),
        ]

    def __str__(self) -> str:
        return f"Order {self.pk} — {self.seats} x {self.product_name} ({self.get_status_display()})"

    @property
    def seller(self):
        """How the order's kind is sold (``payments.capacity.SoldThroughOrders``)."""
        return kind_get(self.capacity_kind)

    @property
    def capacity_target(self):
        """What the order's places are places of (``engine.capacity``): its class, workshop..."""
        return self.seller.order_target(self)

    @property
    def product_name(self) -> str:
        """What was bought: the class's name, the workshop's title..."""
        return self.seller.title(self.capacity_target)

    @property
    def place_noun(self) -> str:
        """What one of the order's places is called: "seat", "ticket"..."""
        return self.seller.place_noun

    @property
    def restart_url(self) -> str:
        """Where to buy again: the class's buy page, the workshop's page..."""
        return self.seller.buy_url(self.capacity_target)

    @property
    def hold_reference(self) -> str:
        return f"order:{self.pk}"

    @property
    def refundable_amount(self) -> int:
        return max(self.amount_paid - self.amount_refunded, 0)

    @property
    def awaiting_bank_transfer(self) -> bool:
        return (
            self.status == OrderStatus.PENDING
            and self.stripe_session_status == "complete"
            and self.stripe_payment_status == "unpaid"
        )

    def money(self, amount: int) -> str:
        return money_format(amount, self.currency)

    @property
    def display_total(self) -> str:
        return self.money(self.total_amount + self.tax_amount)


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    description = models.CharField(max_length=255)
    quantity = models.PositiveSmallIntegerField()
    unit_amount = models.PositiveIntegerField()
    amount_subtotal = models.PositiveIntegerField()
    amount_discount = models.PositiveIntegerField(default=0)
    amount_total = models.PositiveIntegerField()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.description}"


class RefundSource(models.TextChoices):
    ADMIN = "admin", "Refunded by staff in the admin"
    DASHBOARD = "dashboard", "Refunded in Stripe's dashboard"
    AUTOMATIC = "automatic", "Refunded automatically (no place could be held)"


class OrderRefund(models.Model):
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds")
    stripe_refund_id = models.CharField(max_length=255, unique=True)
    amount = models.PositiveIntegerField()
    source = models.CharField(max_length=20, choices=RefundSource.choices)
    reason = models.CharField(max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{money_format(self.amount, self.order.currency)} refunded on order {self.order_id}"


class EventSource(models.TextChoices):
    WEBHOOK = "webhook", "Webhook"
    RECONCILIATION = "reconciliation", "Reconciliation"


class StripeEvent(models.Model):
    """A Stripe event exactly as it arrived, stored before anything acts on it (dj-stripe)."""

    stripe_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    livemode = models.BooleanField(default=False)
    api_version = models.CharField(max_length=64, blank=True)
    stripe_created = models.DateTimeField()
    payload = models.JSONField()
    source = models.CharField(max_length=20, choices=EventSource.choices)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-stripe_created", "-pk"]
        indexes = [
            models.Index(fields=["processed_at", "received_at"], name="payments_event_unprocessed")
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.stripe_id}"


class StripeCheckpoint(models.Model):
    """How far reconciliation has read Stripe's event list (one row per list it reads)."""

    name = models.CharField(max_length=50, unique=True)
    last_event_created = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_event_created}"
