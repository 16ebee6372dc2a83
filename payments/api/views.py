"""The payments JSON API under ``/api/v1/payments/``: parse, call a service, respond.

Views raise; errors come back in the API's one shape (``cms/api_errors.py``): 400 (bad input,
a discount that does not apply), 404 (not yours or not there) or 409 (sold out, no seat left),
mapped from ``payments/errors.py`` by ``payments/api/errors.py``.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from django.shortcuts import get_object_or_404

from cms.api_errors import ApiErrorSerializer
from courses.models import Cohort
from payments.discounts import purchase_quote
from payments.errors import TeamError
from payments.models import WorkshopPage
from payments.orders import order_checkout_start
from payments.selectors import (
    cohorts_on_sale,
    order_for_buyer,
    orders_for_buyer,
    team_for_manager,
    team_for_owner,
    team_view,
    teams_for_manager,
)
from payments.teams import (
    team_invitation_reassign,
    team_invitation_revoke,
    team_invite,
    team_seat_claim,
    team_seat_take,
)
from payments.workshops import workshop_tickets_left

from .serializers import (
    CheckoutSerializer,
    ClaimSerializer,
    ClassOnSaleSerializer,
    EmailSerializer,
    InvitationSerializer,
    OrderSerializer,
    PurchaseRequestSerializer,
    QuoteSerializer,
    SeatSerializer,
    TeamDetailSerializer,
    TeamSeatsRequestSerializer,
    TeamSerializer,
    WorkshopTicketsSerializer,
)

TAGS = ["payments"]
BAD_INPUT = OpenApiResponse(ApiErrorSerializer, description="Bad input; `detail` says what to fix")
NO_SEAT = OpenApiResponse(ApiErrorSerializer, description="No seat left to take or claim")


def _checkout_response(request, **purchase) -> Response:
    """Start a checkout for the signed-in buyer: 201 with where to pay, or the clear error."""
    checkout = order_checkout_start(
        buyer=request.user, site_url=request.build_absolute_uri("/"), **purchase
    )
    body = {
        "order": checkout.order,
        "checkout_url": checkout.redirect_url,
        "needs_payment": checkout.needs_payment,
    }
    return Response(CheckoutSerializer(body).data, status=status.HTTP_201_CREATED)


def _cohort(slug: str) -> Cohort:
    """The class the request body names; an unknown one is bad input (400 on ``cohort``)."""
    cohort = Cohort.objects.select_related("course").filter(slug=slug).first()
    if cohort is None:
        raise ValidationError(
            {"cohort": [f"There is no class {slug!r}; see /api/v1/payments/classes/."]}
        )
    return cohort


class ClassesView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="payments_classes",
        summary="Classes on sale, with prices per tier",
        responses=ClassOnSaleSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request):
        return Response(ClassOnSaleSerializer(cohorts_on_sale(), many=True).data)


class QuoteView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="payments_quote",
        summary="What a purchase would cost",
        description="Computed on the server from the class, tier, seats and code.",
        request=PurchaseRequestSerializer,
        responses={200: QuoteSerializer, 400: BAD_INPUT},
        tags=TAGS,
    )
    def post(self, request):
        data = PurchaseRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        quote = purchase_quote(
            cohort=_cohort(values["cohort"]),
            tier=values["tier"],
            seats=values["seats"],
            code=values["code"],
            buyer=request.user,
        )
        return Response(QuoteSerializer(quote).data)


class CheckoutView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="payments_checkout",
        summary="Start buying: hold the seats and open a Stripe Checkout Session",
        request=PurchaseRequestSerializer,
        responses={
            201: CheckoutSerializer,
            400: BAD_INPUT,
            409: OpenApiResponse(ApiErrorSerializer, description="Sold out; see next_cohort"),
        },
        tags=TAGS,
    )
    def post(self, request):
        data = PurchaseRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        return _checkout_response(
            request,
            target=_cohort(values["cohort"]),
            tier=values["tier"],
            seats=values["seats"],
            code=values["code"] or None,
        )


class OrderListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="payments_orders",
        summary="My orders",
        responses=OrderSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request):
        orders = (
            orders_for_buyer(user=request.user)
            .select_related("company_billing")
            .prefetch_related("lines", "refunds__credit_note")
        )
        return Response(OrderSerializer(orders, many=True).data)


class OrderDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="payments_order",
        summary="One of my orders",
        responses={200: OrderSerializer},
        tags=TAGS,
    )
    def get(self, request, pk: int):
        return Response(OrderSerializer(order_for_buyer(user=request.user, pk=pk)).data)


def _team_body(team) -> dict:
    view = team_view(team=team)
    team.claimed, team.unclaimed = view.claimed, view.unclaimed
    team.view_members, team.view_invitations = view.members, view.invitations
    return TeamDetailSerializer(team).data


class TeamListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="payments_teams",
        summary="Teams I own or co-administer",
        responses=TeamSerializer(many=True),
        tags=TAGS,
    )
    def get(self, request):
        teams = list(teams_for_manager(user=request.user))
        for team in teams:
            team.unclaimed = max(team.seats_total - team.claimed, 0)
        return Response(TeamSerializer(teams, many=True).data)


class TeamDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="payments_team",
        summary="One of my teams: members and invitations waiting",
        responses={200: TeamDetailSerializer},
        tags=TAGS,
    )
    def get(self, request, pk: int):
        return Response(_team_body(team_for_manager(user=request.user, pk=pk)))


class TeamInvitationsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="payments_team_invite",
        summary="Invite a colleague to claim a seat",
        request=EmailSerializer,
        responses={201: InvitationSerializer, 400: BAD_INPUT},
        tags=TAGS,
    )
    def post(self, request, pk: int):
        team = team_for_manager(user=request.user, pk=pk)
        data = EmailSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = team_invite(team=team, actor=request.user, email=data.validated_data["email"])
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class TeamInvitationRevokeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="payments_team_invitation_revoke",
        summary="Revoke an invitation nobody accepted",
        request=None,
        responses={200: InvitationSerializer, 400: BAD_INPUT},
        tags=TAGS,
    )
    def post(self, request, pk: int, invitation_pk: int):
        team = team_for_manager(user=request.user, pk=pk)
        invitation = team_invitation_revoke(
            team=team, actor=request.user, invitation_id=invitation_pk
        )
        return Response(InvitationSerializer(invitation).data)


class TeamInvitationReassignView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="payments_team_invitation_reassign",
        summary="Give an unclaimed seat's invitation to someone else",
        request=EmailSerializer,
        responses={201: InvitationSerializer, 400: BAD_INPUT},
        tags=TAGS,
    )
    def post(self, request, pk: int, invitation_pk: int):
        team = team_for_manager(user=request.user, pk=pk)
        data = EmailSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = team_invitation_reassign(
            team=team,
            actor=request.user,
            invitation_id=invitation_pk,
            email=data.validated_data["email"],
        )
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class TeamSeatsView(APIView):
    permission_classes = [IsAuthenticated]
    api_error_status = {TeamError: status.HTTP_409_CONFLICT}  # no seat left to take

    @extend_schema(
        operation_id="payments_team_take_seat",
        summary="Take one of my team's seats myself",
        request=None,
        responses={201: SeatSerializer, 400: BAD_INPUT, 409: NO_SEAT},
        tags=TAGS,
    )
    def post(self, request, pk: int):
        team = team_for_owner(user=request.user, pk=pk)
        seat = team_seat_take(team=team, user=request.user)
        return Response(SeatSerializer(seat).data, status=status.HTTP_201_CREATED)


class TeamBuySeatsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="payments_team_buy_seats",
        summary="Buy more seats for my team, at the group price of the new total",
        request=TeamSeatsRequestSerializer,
        responses={201: CheckoutSerializer, 400: BAD_INPUT, 409: NO_SEAT},
        tags=TAGS,
    )
    def post(self, request, pk: int):
        team = team_for_owner(user=request.user, pk=pk)
        data = TeamSeatsRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _checkout_response(
            request,
            target=team.cohort,
            tier=team.tier,
            seats=data.validated_data["seats"],
            code=data.validated_data["code"] or None,
            team=team,
        )


class InvitationClaimView(APIView):
    permission_classes = [IsAuthenticated]
    # A bad link is a 400 from ClaimSerializer; a team error while claiming is a conflict.
    api_error_status = {TeamError: status.HTTP_409_CONFLICT}

    @extend_schema(
        operation_id="payments_invitation_claim",
        summary="Claim the seat an invitation offers",
        request=ClaimSerializer,
        responses={201: SeatSerializer, 400: BAD_INPUT, 409: NO_SEAT},
        tags=TAGS,
    )
    def post(self, request):
        data = ClaimSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        seat = team_seat_claim(invitation=data.validated_data["token"], user=request.user)
        return Response(SeatSerializer(seat).data, status=status.HTTP_201_CREATED)


class WorkshopTicketsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="payments_workshop",
        summary="A workshop and how many tickets are left",
        responses={200: WorkshopTicketsSerializer},
        tags=TAGS,
    )
    def get(self, request, pk: int):
        workshop = get_object_or_404(WorkshopPage.objects.live(), pk=pk)
        left = workshop_tickets_left(workshop=workshop)
        data = {
            "id": workshop.pk,
            "title": workshop.title,
            "starts_at": workshop.starts_at,
            "ends_at": workshop.ends_at,
            "time_zone": workshop.time_zone,
            "unit_amount": workshop.unit_amount,
            "currency": workshop.currency,
            "capacity": workshop.capacity,
            "tickets_left": left,
            "sold_out": left == 0,
        }
        return Response(WorkshopTicketsSerializer(data).data)
