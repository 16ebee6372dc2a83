"""Discount codes: whether one applies (with a message that says why not), reserving a use
while the buyer pays, and giving it back; and each code's mirror in Stripe.

Reserving is two database facts in one transaction (saleor's guarded counter): the
code's counter moves only through ``UPDATE ... SET used = used + 1 WHERE used <
max_redemptions``, and the ``pending`` redemption row falls under a unique constraint for
once-per-customer codes. Whatever the concurrency, a code with a limit of N is held or used by
at most N orders, and by one order per customer.

The amount a code takes off is always computed here (``payments.pricing``); the Stripe
Coupon and Promotion Code mirror it so Stripe's dashboard reports the code's use.
"""

import hashlib
import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format

from courses.models import Cohort, EnrollmentTier
from engine.capacity.kinds import kind_for
from payments.errors import DiscountRejected
from payments.models import (
    LIVE_REDEMPTION_STATUSES,
    DiscountCode,
    DiscountRedemption,
    Order,
    OrderStatus,
    RedemptionStatus,
    WorkshopPage,
)
from payments.pricing import Quote, price_quote, workshop_price_quote
from payments.stripe_gateway import (
    coupon_create,
    promotion_code_create,
    promotion_code_set_active,
)

logger = logging.getLogger(__name__)


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i T")


def discount_code_find(*, text: str) -> DiscountCode:
    """The active code the buyer typed (any case), or ``DiscountRejected('invalid')``."""
    cleaned = (text or "").strip().upper()
    code = DiscountCode.objects.filter(code=cleaned, active=True).first() if cleaned else None
    if code is None:
        raise DiscountRejected(
            f"There is no discount code {cleaned or '(empty)'}. Check the spelling, or leave "
            "the field empty to pay the full price.",
            reason="invalid",
        )
    return code


def discount_code_check(
    *,
    code: DiscountCode,
    buyer,
    cohort: Cohort | None,
    tier: str,
    seats: int,
    currency: str,
    now: datetime | None = None,
    target=None,
) -> None:
    """Raise ``DiscountRejected`` with a specific message when ``code`` does not apply.

    ``cohort`` is None for workshop tickets: a code limited to classes does not apply to them.
    ``target`` is what is bought (default: ``cohort``), for the once-per-customer rule.

    Exhaustion and once-per-customer are checked here for a helpful early message; the
    reservation (``discount_redemption_reserve``) is what actually guarantees them.
    """
    now = now or timezone.now()
    name = code.code
    if not code.active:
        raise DiscountRejected(f"There is no discount code {name}.", reason="invalid")
    if code.valid_from and now < code.valid_from:
        raise DiscountRejected(
            f"Code {name} is not valid yet: it can be used from {_when(code.valid_from)}.",
            reason="not_yet_valid",
        )
    expires_at = code.expires_at_for(cohort) if cohort is not None else code.valid_until
    if expires_at and now >= expires_at:
        raise DiscountRejected(f"Code {name} expired on {_when(expires_at)}.", reason="expired")
    cohort_ids = list(code.cohorts.values_list("pk", flat=True))
    if cohort_ids and cohort is None:
        names = ", ".join(Cohort.objects.filter(pk__in=cohort_ids).values_list("name", flat=True))
        raise DiscountRejected(
            f"Code {name} is for classes only ({names}), not for workshop tickets.",
            reason="wrong_class",
        )
    if cohort_ids and cohort.pk not in cohort_ids:
        names = ", ".join(Cohort.objects.filter(pk__in=cohort_ids).values_list("name", flat=True))
        raise DiscountRejected(
            f"Code {name} is not valid for {cohort.name}; it is for {names}.",
            reason="wrong_class",
        )
    if code.tiers and tier not in code.tiers:
        labels = " or ".join(str(EnrollmentTier(t).label) for t in code.tiers)
        raise DiscountRejected(
            f"Code {name} is valid for the {labels} option only.", reason="wrong_tier"
        )
    if seats < code.min_seats:
        raise DiscountRejected(
            f"Code {name} needs at least {code.min_seats} seats in one order.",
            reason="min_seats",
        )
    if code.amount_off is not None and code.currency != currency:
        raise DiscountRejected(
            f"Code {name} is an amount in {code.currency.upper()} and cannot be used for a "
            f"purchase in {currency.upper()}.",
            reason="wrong_currency",
        )
    if code.max_redemptions is not None and code.used >= code.max_redemptions:
        raise DiscountRejected(f"Code {name} has been used up.", reason="exhausted")
    if code.once_per_customer and buyer is not None and buyer.is_authenticated:
        _once_per_customer_check(code=code, buyer=buyer, target=target or cohort)


def _once_per_customer_check(*, code: DiscountCode, buyer, target) -> None:
    """A use the buyer paid for (or is paying by bank transfer) refuses the code. A use
    held by the buyer's own unpaid checkout of the same class or workshop does not: the new
    checkout resumes or replaces that one (``payments.orders.checkout``), which gives the
    use back first. Held by an unpaid checkout of something else, the message says so."""
    taken = DiscountRedemption.objects.filter(
        code=code, customer=buyer, status__in=LIVE_REDEMPTION_STATUSES
    ).select_related("order")
    for redemption in taken:
        order = redemption.order
        unpaid = (
            redemption.status == RedemptionStatus.PENDING
            and order.status == OrderStatus.PENDING
            and order.stripe_session_status == "open"
        )
        if not unpaid:
            raise DiscountRejected(
                f"You have already used code {code.code}: it can be used once per customer.",
                reason="already_used",
            )
        here = target is not None and (order.capacity_kind, order.capacity_target_id) == (
            kind_for(target).name,
            target.pk,
        )
        if not here:
            raise DiscountRejected(
                f"Code {code.code} is held by your unpaid checkout for {order.product_name}: "
                "finish paying there, or start that checkout again, to use it here.",
                reason="already_used",
            )


def discount_redemption_reserve(*, code: DiscountCode, buyer, order: Order, amount: int):
    """Hold one use of ``code`` for ``order`` (a ``pending`` redemption). Call inside the
    checkout's transaction: if anything after it fails, the use is given back with it."""
    with transaction.atomic():
        moved = (
            DiscountCode.objects.filter(pk=code.pk, active=True)
            .filter(Q(max_redemptions__isnull=True) | Q(used__lt=F("max_redemptions")))
            .update(used=F("used") + 1)
        )
        if not moved:
            raise DiscountRejected(f"Code {code.code} has been used up.", reason="exhausted")
        try:
            with transaction.atomic():
                return DiscountRedemption.objects.create(
                    code=code,
                    customer=buyer,
                    order=order,
                    once_per_customer=code.once_per_customer,
                    amount=amount,
                )
        except IntegrityError:
            # The outer block rolls the counter back with this error.
            raise DiscountRejected(
                f"You have already used code {code.code}: it can be used once per customer.",
                reason="already_used",
            ) from None


def discount_redemption_confirm(*, order: Order) -> bool:
    """The order is paid: its held use becomes a use. Returns False when the use had been
    given back meanwhile (an expired or failed checkout that was paid after all) and cannot
    be taken again because the code is used up."""
    redemption = DiscountRedemption.objects.select_for_update().filter(order=order).first()
    if redemption is None or redemption.status == RedemptionStatus.USED:
        return True
    if redemption.status != RedemptionStatus.PENDING:
        moved = (
            DiscountCode.objects.filter(pk=redemption.code_id)
            .filter(Q(max_redemptions__isnull=True) | Q(used__lt=F("max_redemptions")))
            .update(used=F("used") + 1)
        )
        if not moved:
            return False
    redemption.status = RedemptionStatus.USED
    try:
        with transaction.atomic():
            redemption.save(update_fields=["status", "updated_at"])
    except IntegrityError:
        # The buyer used the code again on another order meanwhile: this one cannot count.
        DiscountCode.objects.filter(pk=redemption.code_id).update(used=F("used") - 1)
        return False
    return True


def discount_redemption_give_back(*, order: Order, status: str) -> bool:
    """Give the order's use of its code back (``released`` or ``returned``). Idempotent."""
    redemption = DiscountRedemption.objects.select_for_update().filter(order=order).first()
    if redemption is None or redemption.status not in LIVE_REDEMPTION_STATUSES:
        return False
    redemption.status = status
    redemption.save(update_fields=["status", "updated_at"])
    DiscountCode.objects.filter(pk=redemption.code_id, used__gt=0).update(used=F("used") - 1)
    return True


# -- a purchase's price, its code found and checked -----------------------------------------


def purchase_quote(
    *,
    cohort: Cohort,
    tier: str,
    seats: int,
    code: str | None,
    buyer,
    seats_already_owned: int = 0,
    now: datetime | None = None,
) -> Quote:
    """The price of ``seats`` seats with the code the buyer typed (if any), once the code is
    found and applies to this purchase: what the buy page, the API's quote and checkout all
    show and charge. Raises ``CheckoutRefused`` or ``DiscountRejected`` saying what to fix."""
    quote = price_quote(
        cohort=cohort,
        tier=tier,
        seats=seats,
        code=_code_typed(code),
        seats_already_owned=seats_already_owned,
    )
    _quote_code_check(quote=quote, buyer=buyer, now=now)
    return quote


def workshop_purchase_quote(
    *, workshop: WorkshopPage, tickets: int, code: str | None, buyer, now: datetime | None = None
) -> Quote:
    """``purchase_quote`` for workshop tickets."""
    quote = workshop_price_quote(workshop=workshop, tickets=tickets, code=_code_typed(code))
    _quote_code_check(quote=quote, buyer=buyer, now=now)
    return quote


def _code_typed(text: str | None) -> DiscountCode | None:
    return discount_code_find(text=text) if text and text.strip() else None


def _quote_code_check(*, quote: Quote, buyer, now: datetime | None) -> None:
    if quote.discount_code is not None:
        discount_code_check(
            code=quote.discount_code,
            buyer=buyer,
            cohort=quote.cohort,
            tier=quote.tier,
            seats=quote.seats,
            currency=quote.currency,
            now=now,
            target=quote.cohort or quote.workshop,
        )


# -- the Stripe mirror --------------------------------------------------------------------


def discount_code_terms(code: DiscountCode) -> str:
    """A fingerprint of what Stripe must mirror. Stripe coupons cannot change their amount,
    so new terms mean a new Coupon and Promotion Code (the old code is deactivated)."""
    parts = [code.code, str(code.percent_off), str(code.amount_off), code.currency]
    parts.append(str(int(code.valid_until.timestamp())) if code.valid_until else "")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def discount_code_mirror_is_current(code: DiscountCode) -> bool:
    return bool(code.stripe_promotion_code_id) and code.stripe_terms == discount_code_terms(code)


def _coupon_params(code: DiscountCode, coupon_id: str) -> dict:
    params: dict = {
        "id": coupon_id,
        "name": code.code,
        "duration": "once",
        "metadata": {"discount_code_id": str(code.pk), "code": code.code},
    }
    if code.percent_off is not None:
        params["percent_off"] = code.percent_off
    else:
        params["amount_off"] = code.amount_off
        params["currency"] = code.currency
    return params


def discount_code_mirror(*, code_id: int, now: datetime | None = None) -> DiscountCode:
    """Create or update the code's Stripe Coupon and Promotion Code. Idempotent: ids and
    idempotency keys derive from the code and its terms, so a retry creates nothing twice.

    Stripe's copy carries no redemption limit: limits are ours (the database's), and
    Stripe never gives a use back on a refund, so a Stripe-side limit would drift.
    """
    code = DiscountCode.objects.get(pk=code_id)
    terms = discount_code_terms(code)
    if code.stripe_terms == terms and code.stripe_promotion_code_id:
        promotion_code_set_active(
            promotion_code_id=code.stripe_promotion_code_id, active=code.active
        )
    else:
        coupon_id = f"institute-code-{code.pk}-{terms}"
        coupon_create(params=_coupon_params(code, coupon_id), code_id=code.pk, terms=terms)
        if code.stripe_promotion_code_id:
            promotion_code_set_active(promotion_code_id=code.stripe_promotion_code_id, active=False)
        promo_params: dict = {
            "promotion": {"type": "coupon", "coupon": coupon_id},
            "code": code.code,
            "active": code.active,
            "metadata": {"discount_code_id": str(code.pk)},
        }
        now = now or timezone.now()
        if code.valid_until and code.valid_until > now:
            promo_params["expires_at"] = int(code.valid_until.timestamp())
        promo = promotion_code_create(params=promo_params, code_id=code.pk, terms=terms)
        DiscountCode.objects.filter(pk=code.pk).update(
            stripe_coupon_id=coupon_id,
            stripe_promotion_code_id=promo["id"],
            stripe_terms=terms,
        )
    DiscountCode.objects.filter(pk=code.pk).update(stripe_synced_at=now or timezone.now())
    code.refresh_from_db()
    return code


def discount_code_saved(*, code: DiscountCode) -> None:
    """An editor saved a code: mirror it to Stripe once the save commits."""
    from payments import tasks

    tasks.discount_code_mirror.delay_on_commit(code.pk)
