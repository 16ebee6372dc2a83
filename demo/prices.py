"""The demo school's prices, group pricing and the ``APRIL17`` discount code.

Idempotent like every demo step (``demo/school.py``): prices are found by (class, tier), bands
by their first seat count, the code by its text; nothing that exists is changed, so a second
run reports "kept" for everything.

The design's example code is ``APRIL17``, "$100 off the April class". The demo classes are
dated relative to the day the demo is loaded (``demo/curriculum.py``), so there may be no April
class; the code keeps its name and is bound to the first demo class still open for
enrollment, which its description says. Like any code without an end date, it stops working
when enrollment in that class closes.
"""

from collections.abc import Callable

from django.utils import timezone

from courses.entitlements.models import EntitlementKind, TierEntitlement
from courses.models import Cohort, EnrollmentTier
from payments.models import CohortPrice, DiscountCode, GroupPriceBand

Report = Callable[[str], None]

DEMO_COHORT_SLUGS = ("demo-current-class", "demo-next-class", "demo-class-after-next")
DEMO_PRICES = {
    EnrollmentTier.STANDARD: (
        150_000,
        "Ten weekly modules with videos, readings and exercises\nYour class's discussion",
    ),
    EnrollmentTier.EXECUTIVE: (
        250_000,
        "Everything in Standard",
    ),
}
#: What the Executive tier includes, as entitlements (``courses.entitlements``): the price
#: page lists these, and coaching credits, the peer circle and tier-only lessons read them.
DEMO_ENTITLEMENTS = (
    (EnrollmentTier.EXECUTIVE, EntitlementKind.COACHING_SESSIONS, 4),
    (EnrollmentTier.EXECUTIVE, EntitlementKind.PEER_CIRCLE, 1),
    (EnrollmentTier.EXECUTIVE, EntitlementKind.EXECUTIVE_CONTENT, 1),
)
DEMO_BANDS = ((5, 9, 10), (10, 19, 15), (20, None, 20))
DEMO_CODE = "APRIL17"
DEMO_CODE_AMOUNT = 10_000  # $100.00


def seed_payments(report: Report) -> None:
    cohorts = list(Cohort.objects.filter(slug__in=DEMO_COHORT_SLUGS).order_by("start_date"))
    if not cohorts:
        report("skipped prices: the demo classes do not exist yet (the 'curriculum' step)")
        return
    created = 0
    for cohort in cohorts:
        for tier, (amount, perks) in DEMO_PRICES.items():
            _, made = CohortPrice.objects.get_or_create(
                cohort=cohort,
                tier=tier,
                defaults={"unit_amount": amount, "currency": "usd", "perks": perks},
            )
            created += made
    report(f"created {created} prices" if created else "kept every price")
    made_entitlements = 0
    for order, (tier, kind, quantity) in enumerate(DEMO_ENTITLEMENTS):
        _, made = TierEntitlement.objects.get_or_create(
            tier=tier, kind=kind, defaults={"quantity": quantity, "sort_order": order}
        )
        made_entitlements += made
    report(
        f"created {made_entitlements} tier entitlements"
        if made_entitlements
        else "kept the tier entitlements"
    )
    made_bands = 0
    for min_seats, max_seats, percent in DEMO_BANDS:
        _, made = GroupPriceBand.objects.get_or_create(
            min_seats=min_seats, defaults={"max_seats": max_seats, "percent_off": percent}
        )
        made_bands += made
    report(f"created {made_bands} group pricing bands" if made_bands else "kept the group bands")
    _seed_code(cohorts, report)


def _seed_code(cohorts: list[Cohort], report: Report) -> None:
    if DiscountCode.objects.filter(code=DEMO_CODE).exists():
        report(f"kept discount code {DEMO_CODE}")
        return
    now = timezone.now()
    open_cohorts = [
        c for c in cohorts if c.start_date > now.date() and c.is_open_for_enrollment(now)
    ]
    target = (open_cohorts or cohorts)[-1 if not open_cohorts else 0]
    code = DiscountCode.objects.create(
        code=DEMO_CODE,
        description=f"Demo: $100 off {target.name} (the first open demo class), once per "
        "customer, until its enrollment closes.",
        amount_off=DEMO_CODE_AMOUNT,
        currency="usd",
        max_redemptions=100,
        once_per_customer=True,
    )
    code.cohorts.set([target])
    report(f"created discount code {DEMO_CODE}: $100 off {target.name}")
