"""Serializers of the payments API. Requests name what the buyer wants (cohort, tier, seats,
code): none of them has a price field, and unknown fields are ignored."""

from rest_framework import serializers

from courses.models import EnrollmentTier
from payments.errors import TeamError
from payments.invoicing.models import CompanyBilling, CreditNote
from payments.models import (
    MAX_SEATS_PER_ORDER,
    CohortPrice,
    Order,
    OrderLine,
    OrderRefund,
    Team,
    TeamInvitation,
    TeamSeat,
)
from payments.teams import invitation_from_link_token


class PriceSerializer(serializers.ModelSerializer):
    display = serializers.CharField(source="display_amount", read_only=True)
    perks = serializers.ListField(
        source="perk_lines", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = CohortPrice
        fields = ["tier", "unit_amount", "currency", "display", "perks"]


class ClassOnSaleSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    course = serializers.CharField(source="course.title")
    start_date = serializers.DateField()
    enrollment_closes_at = serializers.DateTimeField(allow_null=True)
    seats_left = serializers.IntegerField()
    is_open = serializers.BooleanField()
    prices = PriceSerializer(source="price_list", many=True)


class PurchaseRequestSerializer(serializers.Serializer):
    cohort = serializers.SlugField(help_text="The class's slug.")
    tier = serializers.ChoiceField(choices=EnrollmentTier.choices)
    seats = serializers.IntegerField(min_value=1, max_value=MAX_SEATS_PER_ORDER, default=1)
    code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class TeamSeatsRequestSerializer(serializers.Serializer):
    seats = serializers.IntegerField(min_value=1, max_value=MAX_SEATS_PER_ORDER)
    code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class QuoteSerializer(serializers.Serializer):
    cohort = serializers.SlugField(source="cohort.slug")
    tier = serializers.CharField()
    seats = serializers.IntegerField()
    currency = serializers.CharField()
    list_unit_amount = serializers.IntegerField()
    group_percent_off = serializers.IntegerField()
    unit_amount = serializers.IntegerField()
    subtotal_amount = serializers.IntegerField()
    discount_code = serializers.CharField(
        source="discount_code.code", allow_null=True, default=None
    )
    discount_amount = serializers.IntegerField()
    total_amount = serializers.IntegerField()


class OrderLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderLine
        fields = [
            "description",
            "quantity",
            "unit_amount",
            "amount_subtotal",
            "amount_discount",
            "amount_total",
        ]


class CreditNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = CreditNote
        fields = ["number", "pdf_url", "created_at"]


class OrderRefundSerializer(serializers.ModelSerializer):
    credit_note = CreditNoteSerializer(read_only=True, allow_null=True, default=None)

    class Meta:
        model = OrderRefund
        fields = ["amount", "created_at", "credit_note"]


class InvoiceSerializer(serializers.ModelSerializer):
    """The order's Stripe invoice and who it is billed to (``null`` for an order without)."""

    number = serializers.CharField(source="invoice_number")
    status = serializers.CharField(source="invoice_status")
    pdf_url = serializers.CharField(source="invoice_pdf_url")
    hosted_url = serializers.CharField(source="hosted_invoice_url")
    tax_id = serializers.CharField(source="tax_id_value")

    class Meta:
        model = CompanyBilling
        fields = [
            "number",
            "status",
            "pay_by_invoice",
            "due_at",
            "pdf_url",
            "hosted_url",
            "company_name",
            "country",
            "tax_id",
            "po_number",
        ]


class OrderSerializer(serializers.ModelSerializer):
    cohort = serializers.SlugField(source="cohort.slug", allow_null=True, default=None)
    workshop = serializers.IntegerField(source="workshop_id", allow_null=True, read_only=True)
    discount_code = serializers.CharField(
        source="discount_code.code", allow_null=True, default=None
    )
    lines = OrderLineSerializer(many=True, read_only=True)
    refunds = OrderRefundSerializer(many=True, read_only=True)
    invoice = InvoiceSerializer(
        source="company_billing", read_only=True, allow_null=True, default=None
    )
    awaiting_bank_transfer = serializers.BooleanField(read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "status",
            "awaiting_bank_transfer",
            "cohort",
            "workshop",
            "tier",
            "seats",
            "team",
            "currency",
            "unit_amount",
            "subtotal_amount",
            "discount_code",
            "discount_amount",
            "total_amount",
            "tax_amount",
            "amount_paid",
            "amount_refunded",
            "created_at",
            "paid_at",
            "fulfilled_at",
            "lines",
            "refunds",
            "invoice",
        ]


class CheckoutSerializer(serializers.Serializer):
    order = OrderSerializer()
    checkout_url = serializers.URLField(
        help_text="Send the buyer here (Stripe Checkout, or the order page when nothing is due)."
    )
    needs_payment = serializers.BooleanField()


class TeamMemberSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email")
    name = serializers.CharField(source="user.get_full_name")

    class Meta:
        model = TeamSeat
        fields = ["id", "email", "name", "claimed_at"]


class InvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamInvitation
        fields = ["id", "email", "status", "created_at"]


class TeamSerializer(serializers.ModelSerializer):
    cohort = serializers.SlugField(source="cohort.slug")
    claimed = serializers.IntegerField()
    unclaimed = serializers.IntegerField()

    class Meta:
        model = Team
        fields = ["id", "name", "cohort", "tier", "seats_total", "claimed", "unclaimed"]


class TeamDetailSerializer(TeamSerializer):
    members = TeamMemberSerializer(source="view_members", many=True)
    invitations = InvitationSerializer(
        source="view_invitations", many=True, help_text="Invitations waiting to be accepted."
    )

    class Meta(TeamSerializer.Meta):
        fields = [*TeamSerializer.Meta.fields, "members", "invitations"]


class EmailSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class ClaimSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The token from the invitation link.")

    def validate_token(self, value: str):
        """The invitation the link names (a link that is expired or not whole is a 400)."""
        try:
            return invitation_from_link_token(value)
        except TeamError as error:
            raise serializers.ValidationError(error.message) from None


class SeatSerializer(serializers.Serializer):
    team = serializers.IntegerField(source="team_id")
    cohort = serializers.SlugField(source="team.cohort.slug")
    enrollment = serializers.IntegerField(source="enrollment_id")


class WorkshopTicketsSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    time_zone = serializers.CharField()
    unit_amount = serializers.IntegerField()
    currency = serializers.CharField()
    capacity = serializers.IntegerField()
    tickets_left = serializers.IntegerField()
    sold_out = serializers.BooleanField()
