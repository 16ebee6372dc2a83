"""Prices, group bands, discount codes, orders and teams.

``CohortPriceFactory`` prices a class; ``on_sale_cohort()`` gives an open class with both
tiers priced (standard $1,500, executive $2,500). Orders and teams made here skip checkout:
use them for reads and admin screens; flows go through ``payments.orders.checkout``.
"""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from django.utils import timezone

from courses.entitlements.models import EntitlementKind, TierEntitlement
from courses.models import EnrollmentTier
from payments.models import (
    CohortPrice,
    DiscountCode,
    GroupPriceBand,
    Order,
    OrderLine,
    OrderStatus,
    Team,
    TeamInvitation,
)

from .accounts import UserFactory
from .courses import CohortFactory

STANDARD_PRICE = 150_000
EXECUTIVE_PRICE = 250_000


class OpenCohortFactory(CohortFactory):
    """A class starting in two weeks whose enrollment is open for 13 days more.

    Enrollment closes at least an hour before the start day begins, so a test that steps just past
    the close is never already on the start day (a factory run a minute before midnight was).
    """

    enrollment_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    enrollment_closes_at = factory.LazyAttribute(
        lambda cohort: min(
            timezone.now() + dt.timedelta(days=13),
            dt.datetime.combine(cohort.start_date, dt.time(), tzinfo=dt.UTC)
            - dt.timedelta(hours=1),
        )
    )


class CohortPriceFactory(DjangoModelFactory):
    class Meta:
        model = CohortPrice

    cohort = factory.SubFactory(OpenCohortFactory)
    tier = EnrollmentTier.STANDARD
    unit_amount = STANDARD_PRICE
    currency = "usd"


def on_sale_cohort(**kwargs):
    """An open class with a standard and an executive price."""
    cohort = OpenCohortFactory(**kwargs)
    CohortPriceFactory(cohort=cohort, tier=EnrollmentTier.STANDARD, unit_amount=STANDARD_PRICE)
    CohortPriceFactory(
        cohort=cohort,
        tier=EnrollmentTier.EXECUTIVE,
        unit_amount=EXECUTIVE_PRICE,
        perks="Everything in Standard",
    )
    TierEntitlement.objects.get_or_create(
        tier=EnrollmentTier.EXECUTIVE,
        kind=EntitlementKind.COACHING_SESSIONS,
        defaults={"quantity": 4},
    )
    return cohort


class GroupPriceBandFactory(DjangoModelFactory):
    class Meta:
        model = GroupPriceBand
        django_get_or_create = ("min_seats",)

    min_seats = 5
    max_seats = 9
    percent_off = 10


def standard_bands() -> list[GroupPriceBand]:
    """5-9 seats: 10% off, 10-19: 15%, 20+: 20%."""
    return [
        GroupPriceBandFactory(min_seats=5, max_seats=9, percent_off=10),
        GroupPriceBandFactory(min_seats=10, max_seats=19, percent_off=15),
        GroupPriceBandFactory(min_seats=20, max_seats=None, percent_off=20),
    ]


class DiscountCodeFactory(DjangoModelFactory):
    class Meta:
        model = DiscountCode
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"CODE{n}")
    amount_off = 10_000
    currency = "usd"

    @factory.post_generation
    def cohorts(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.cohorts.set(extracted)


class OrderFactory(DjangoModelFactory):
    """A fulfilled-looking single-seat order (no enrollment, no Stripe): for reads."""

    class Meta:
        model = Order
        skip_postgeneration_save = True

    buyer = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(OpenCohortFactory)
    workshop = None
    # What the order sells, as the capacity engine names it: its class, or its workshop.
    capacity_kind = factory.LazyAttribute(lambda o: "workshop" if o.workshop else "cohort")
    capacity_target_id = factory.LazyAttribute(lambda o: (o.workshop or o.cohort).pk)
    tier = EnrollmentTier.STANDARD
    seats = 1
    status = OrderStatus.FULFILLED
    currency = "usd"
    list_unit_amount = STANDARD_PRICE
    unit_amount = STANDARD_PRICE
    subtotal_amount = factory.LazyAttribute(lambda o: o.unit_amount * o.seats)
    discount_amount = 0
    total_amount = factory.LazyAttribute(lambda o: o.subtotal_amount - o.discount_amount)
    amount_paid = factory.LazyAttribute(lambda o: o.total_amount)

    @factory.post_generation
    def lines(self, create: bool, extracted, **kwargs) -> None:
        if create:
            OrderLine.objects.create(
                order=self,
                description=f"{self.product_name} seat",
                quantity=self.seats,
                unit_amount=self.unit_amount,
                amount_subtotal=self.subtotal_amount,
                amount_discount=self.discount_amount,
                amount_total=self.total_amount,
            )


class TeamFactory(DjangoModelFactory):
    """A team row only: its seat pool (a hold) is placed by ``team_with_pool``."""

    class Meta:
        model = Team

    owner = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(OpenCohortFactory)
    tier = EnrollmentTier.EXECUTIVE
    seats_total = 10


def team_with_pool(**kwargs) -> Team:
    """A team whose unclaimed seats are held in its class, as a paid order leaves it."""
    from engine.capacity.services import hold_place

    team = TeamFactory(**kwargs)
    hold_place(
        target=team.cohort, reference=team.hold_reference, places=team.seats_total, expires_at=None
    )
    return team


class TeamInvitationFactory(DjangoModelFactory):
    class Meta:
        model = TeamInvitation

    team = factory.SubFactory(TeamFactory)
    email = factory.Sequence(lambda n: f"colleague{n}@example.com")
    token = factory.Sequence(lambda n: f"invitation-token-{n:06d}")
    invited_by = factory.LazyAttribute(lambda invitation: invitation.team.owner)
