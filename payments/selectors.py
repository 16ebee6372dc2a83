"""Reads of the payments app: what buyers, owners and the course page see.

Each function costs a fixed number of queries whatever the data (tests hold them to it).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from courses.entitlements.selectors import perk_lines_by_tier
from courses.models import Cohort, CoursePage
from courses.selectors import cohorts_upcoming
from engine.capacity.kinds import kind_for
from payments.models import (
    CohortPrice,
    GroupPriceBand,
    InvitationStatus,
    Order,
    OrderStatus,
    SeatStatus,
    Team,
    TeamInvitation,
    TeamSeat,
)


def cohort_prices(*, cohorts: list[Cohort]) -> dict[int, list[CohortPrice]]:
    """Prices of each cohort, standard first (one query for any number of cohorts)."""
    found: dict[int, list[CohortPrice]] = {cohort.pk: [] for cohort in cohorts}
    for price in CohortPrice.objects.filter(cohort__in=[c.pk for c in cohorts]).order_by(
        "cohort_id", "unit_amount"
    ):
        found[price.cohort_id].append(price)
    perks = perk_lines_by_tier(tiers={p.tier for prices in found.values() for p in prices})
    for prices in found.values():
        for price in prices:
            price.entitlement_perks = perks[price.tier]
    return found


def group_bands() -> list[GroupPriceBand]:
    return list(GroupPriceBand.objects.order_by("min_seats"))


def cohorts_on_sale(*, now: datetime | None = None) -> list[Cohort]:
    """Upcoming classes of every course that have at least one price, with seats left and
    their prices attached as ``cohort.price_list``."""
    now = now or timezone.now()
    course_ids = (
        CohortPrice.objects.filter(cohort__start_date__gt=now.date())
        .values_list("cohort__course_id", flat=True)
        .distinct()
    )
    cohorts: list[Cohort] = []
    for course in CoursePage.objects.filter(pk__in=list(course_ids)).order_by("path"):
        for cohort in cohorts_upcoming(course=course, now=now):
            cohort.course = course
            cohorts.append(cohort)
    prices = cohort_prices(cohorts=cohorts)
    result = []
    for cohort in cohorts:
        cohort.price_list = prices[cohort.pk]
        if cohort.price_list:
            result.append(cohort)
    return result


def cohort_next_open(*, cohort: Cohort, seats: int, tier: str, now: datetime) -> Cohort | None:
    """The next class of the same course that is open, has ``seats`` seats and sells ``tier``."""
    candidates = [
        c
        for c in cohorts_upcoming(course=cohort.course, now=now)
        if c.pk != cohort.pk and c.is_open and c.seats_left >= seats
    ]
    priced = set(
        CohortPrice.objects.filter(cohort__in=[c.pk for c in candidates], tier=tier).values_list(
            "cohort_id", flat=True
        )
    )
    later = [c for c in candidates if c.pk in priced and c.start_date >= cohort.start_date]
    return (later or [c for c in candidates if c.pk in priced] or [None])[0]


def orders_for_buyer(*, user) -> QuerySet[Order]:
    return (
        Order.objects.filter(buyer=user)
        .select_related("cohort", "workshop", "discount_code", "team")
        .order_by("-created_at", "-pk")
    )


def order_open_checkout(*, buyer, target, now: datetime | None = None) -> Order | None:
    """The buyer's checkout of ``target`` (a class, a workshop...) still open at Stripe as we
    last heard, newest first: what the buy page offers to resume or start again."""
    if not buyer.is_authenticated:
        return None
    return (
        Order.objects.filter(
            buyer=buyer,
            capacity_kind=kind_for(target).name,
            capacity_target_id=target.pk,
            status=OrderStatus.PENDING,
            stripe_session_status="open",
            expires_at__gt=now or timezone.now(),
        )
        .select_related("discount_code")
        .order_by("-created_at", "-pk")
        .first()
    )


def order_for_buyer(*, user, pk: int) -> Order:
    """The buyer's own order, else 404 (never another buyer's)."""
    order = (
        Order.objects.filter(buyer=user, pk=pk)
        .select_related("cohort", "workshop", "discount_code", "team", "company_billing")
        .prefetch_related("lines", "refunds__credit_note")
        .first()
    )
    if order is None:
        raise Http404("No such order.")
    return order


def teams_for_owner(*, user) -> QuerySet[Team]:
    return (
        Team.objects.filter(owner=user)
        .select_related("cohort")
        .annotate(claimed=Count("seats", filter=Q(seats__status=SeatStatus.ACTIVE), distinct=True))
        .order_by("-created_at")
    )


def team_for_owner(*, user, pk: int) -> Team:
    """The owner's own team, else 404: an owner never sees or acts on another team."""
    team = Team.objects.filter(owner=user, pk=pk).select_related("cohort", "owner").first()
    if team is None:
        raise Http404("No such team.")
    return team


def team_for_manager(*, user, pk: int) -> Team:
    """A team the user owns or was named co-admin of, else 404: nobody else sees or acts on
    it (pages, API and CSV all look a team up here)."""
    team = (
        Team.objects.filter(Q(owner=user) | Q(co_admins=user), pk=pk)
        .select_related("cohort", "owner")
        .distinct()
        .first()
    )
    if team is None:
        raise Http404("No such team.")
    return team


def teams_for_manager(*, user) -> QuerySet[Team]:
    """The teams the user owns or co-administers, newest first."""
    managed = Team.objects.filter(Q(owner=user) | Q(co_admins=user)).values("pk")
    return (
        Team.objects.filter(pk__in=managed)
        .select_related("cohort")
        .annotate(claimed=Count("seats", filter=Q(seats__status=SeatStatus.ACTIVE), distinct=True))
        .order_by("-created_at")
    )


def user_manages_a_team(*, user) -> bool:
    return Team.objects.filter(Q(owner=user) | Q(co_admins=user)).exists()


@dataclass
class TeamView:
    team: Team
    members: list[TeamSeat]
    invitations: list[TeamInvitation]

    @property
    def claimed(self) -> int:
        return len(self.members)

    @property
    def unclaimed(self) -> int:
        return max(self.team.seats_total - self.claimed, 0)

    @property
    def invitations_out(self) -> int:
        return len(self.invitations)

    @property
    def can_invite(self) -> bool:
        return self.unclaimed > self.invitations_out

    def owner_has_seat(self) -> bool:
        return any(member.user_id == self.team.owner_id for member in self.members)


def team_view(*, team: Team) -> TeamView:
    """Members and the invitations waiting (2 queries)."""
    members = list(
        TeamSeat.objects.filter(team=team, status=SeatStatus.ACTIVE)
        .select_related("user", "enrollment")
        .order_by("claimed_at", "pk")
    )
    invitations = list(
        TeamInvitation.objects.filter(team=team, status=InvitationStatus.PENDING).order_by(
            "created_at", "pk"
        )
    )
    return TeamView(
        team=team,
        members=members,
        invitations=invitations,
    )
