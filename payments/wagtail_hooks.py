"""Admin wiring only: prices, group bands and discount codes (editors manage them), orders
with their Refund action, teams, waitlists (read-only, reordered through their own view:
``payments.waitlist.admin``) and Stripe events (read-only); the "Attendees (CSV)" button
of a workshop page. Writes go through services:
a saved discount code is mirrored to Stripe by ``discount_code_saved``; a refund is
``payments.orders.refunds.order_refund``."""

from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.urls import path, reverse, reverse_lazy
from django.utils.html import format_html, format_html_join

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton, ListingButton
from wagtail.permissions import register_permission_policy

from engine.capacity.models import WaitlistEntry
from payments.class_generator import (
    GENERATOR_PERMISSIONS,
    GENERATOR_URL_NAME,
    MonthlyClassesView,
)
from payments.discounts import discount_code_saved
from payments.forms import DiscountCodeAdminForm
from payments.invoicing.models import CompanyBilling, CreditNote
from payments.models import (
    CohortPrice,
    DiscountCode,
    GroupPriceBand,
    Order,
    StripeEvent,
    Team,
    WorkshopPage,
)
from payments.orders.admin_views import ORDERS_URL_NAMESPACE, OrderRefundView
from payments.permissions import REFUND_PERMISSION, ReadOnlyPermissionPolicy
from payments.waitlist.admin import (
    WAITLIST_URL_NAMESPACE,
    WaitlistOverviewView,
    WaitlistTargetView,
    waitlist_admin_url,
)
from payments.workshops.admin import workshop_attendees_csv

for model in (Order, Team, StripeEvent, WaitlistEntry):
    register_permission_policy(model, ReadOnlyPermissionPolicy(model))


class CohortPriceViewSet(ModelViewSet):
    model = CohortPrice
    icon = "tag"
    menu_label = "Prices"
    url_prefix = "payments/prices"
    url_namespace = "payments_prices"
    list_display = ["cohort", "tier", "display_amount"]
    list_filter = ["tier", "cohort"]
    search_fields = ["cohort__name"]
    search_backend_name = None


class GroupPriceBandViewSet(ModelViewSet):
    model = GroupPriceBand
    icon = "group"
    menu_label = "Group pricing"
    url_prefix = "payments/group-pricing"
    url_namespace = "payments_group_pricing"
    list_display = ["seats_label", "percent_off"]


class DiscountCodeCreateView(generic.CreateView):
    def save_instance(self):
        code = super().save_instance()
        discount_code_saved(code=code)
        return code


class DiscountCodeEditView(generic.EditView):
    def save_instance(self):
        code = super().save_instance()
        discount_code_saved(code=code)
        return code


def _discount_classes(code: DiscountCode) -> str:
    names = [cohort.name for cohort in code.cohorts.all()]  # prefetched by the index view
    return ", ".join(names) if names else "Every class"


def _discount_uses(code: DiscountCode) -> str:
    if code.max_redemptions is None:
        return f"{code.used} (no limit)"
    return f"{code.used} of {code.max_redemptions}"


class DiscountCodeIndexView(generic.IndexView):
    """The listing says which classes each code is for and its uses against its limit, at a
    fixed number of queries (the classes are prefetched)."""

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("cohorts")


class DiscountCodeViewSet(ModelViewSet):
    model = DiscountCode
    icon = "pick"
    menu_label = "Discount codes"
    url_prefix = "payments/discount-codes"
    url_namespace = "payments_discount_codes"
    index_view_class = DiscountCodeIndexView
    list_display = [
        "code",
        "display_value",
        Column("classes", label="Classes", accessor=_discount_classes),
        Column("uses", label="Uses", accessor=_discount_uses),
        "valid_until",
        "active",
    ]
    list_filter = ["active", "cohorts"]
    search_fields = ["code", "description"]
    search_backend_name = None
    add_view_class = DiscountCodeCreateView
    edit_view_class = DiscountCodeEditView
    edit_handler = ObjectList(DiscountCode.panels, base_form_class=DiscountCodeAdminForm)
    inspect_view_enabled = True


class OrderIndexView(generic.IndexView):
    def get_base_queryset(self):
        # The listing and its CSV export read the buyer, the product and the code of each row.
        return (
            super()
            .get_base_queryset()
            .select_related("buyer", "cohort", "workshop")
            .annotate(discount_code_text=Coalesce(F("discount_code__code"), Value("")))
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.refundable_amount and self.request.user.has_perm(REFUND_PERMISSION):
            url = reverse(f"{ORDERS_URL_NAMESPACE}:refund", args=[instance.pk])
            buttons.append(ListingButton("Refund", url=url, icon_name="undo", priority=50))
        return buttons


class OrderInspectView(generic.InspectView):
    """The order's fields, with its invoice and each refund's credit note after its status."""

    extra_fields = {"invoice": "Invoice", "credit_notes": "Credit notes"}

    def get_fields(self):
        fields = list(super().get_fields())
        after_status = fields.index("status") + 1 if "status" in fields else len(fields)
        return [*fields[:after_status], *self.extra_fields, *fields[after_status:]]

    def get_field_label(self, field_name, field):
        if field_name in self.extra_fields:
            return self.extra_fields[field_name]
        return super().get_field_label(field_name, field)

    def get_invoice_display_value(self):
        billing = CompanyBilling.objects.filter(order=self.object).first()
        if billing is None or not billing.invoice_number:
            return "-"
        billed_to = ", ".join(
            part
            for part in (
                billing.company_name,
                billing.country,
                billing.tax_id_value and f"tax ID {billing.tax_id_value}",
                billing.po_number and f"PO {billing.po_number}",
            )
            if part
        )
        return format_html(
            '<a href="{}">{}</a> ({}){}',
            billing.invoice_pdf_url or billing.hosted_invoice_url,
            billing.invoice_number,
            billing.get_invoice_status_display(),
            f", billed to {billed_to}" if billed_to else "",
        )

    def get_credit_notes_display_value(self):
        notes = CreditNote.objects.filter(refund__order=self.object).order_by("created_at")
        return (
            format_html_join(
                ", ", '<a href="{}">{}</a>', ((note.pdf_url, note.number) for note in notes)
            )
            or "-"
        )

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.refundable_amount and self.request.user.has_perm(REFUND_PERMISSION):
            url = reverse(f"{ORDERS_URL_NAMESPACE}:refund", args=[self.object.pk])
            buttons.append(HeaderButton("Refund", url=url, icon_name="undo", priority=50))
        return buttons


class OrderViewSet(ModelViewSet):
    model = Order
    icon = "form"
    menu_label = "Orders"
    url_namespace = ORDERS_URL_NAMESPACE
    url_prefix = "payments/orders"
    index_view_class = OrderIndexView
    inspect_view_class = OrderInspectView
    inspect_view_enabled = True
    list_display = [
        "id",
        "buyer",
        Column("product", label="For", accessor="product_name"),
        "tier",
        "seats",
        Column("total", label="Total", accessor="display_total"),
        "status",
        "created_at",
    ]
    list_filter = ["status", "tier", "cohort", "workshop"]
    # Without these the "export=csv" listing wrote one blank line per row: Wagtail exports
    # only the fields named here, and none were named. Amounts are in the smallest unit.
    list_export = [
        "id",
        "buyer.email",
        "product_name",
        "tier",
        "seats",
        "currency",
        "subtotal_amount",
        "discount_amount",
        "discount_code_text",
        "total_amount",
        "tax_amount",
        "amount_paid",
        "amount_refunded",
        "status",
        "created_at",
    ]
    export_headings = {
        "id": "Order",
        "buyer.email": "Buyer",
        "product_name": "For",
        "discount_code_text": "Discount code",
    }
    search_fields = ["buyer__email", "stripe_session_id", "stripe_payment_intent_id"]
    search_backend_name = None
    ordering = ["-created_at"]
    form_fields = ["status"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("refund/<int:pk>/", OrderRefundView.as_view(), name="refund"),
        ]


class TeamViewSet(ModelViewSet):
    model = Team
    icon = "group"
    menu_label = "Teams"
    url_prefix = "payments/teams"
    url_namespace = "payments_teams"
    inspect_view_enabled = True
    list_display = ["__str__", "owner", "cohort", "tier", "seats_total", "created_at"]
    list_filter = ["cohort", "tier"]
    search_fields = ["owner__email", "name"]
    search_backend_name = None
    form_fields = ["name"]


class StripeEventViewSet(ModelViewSet):
    model = StripeEvent
    icon = "code"
    menu_label = "Stripe events"
    url_prefix = "payments/stripe-events"
    url_namespace = "payments_stripe_events"
    inspect_view_enabled = True
    list_display = ["stripe_id", "type", "source", "stripe_created", "processed_at", "attempts"]
    list_filter = ["type", "source"]
    search_fields = ["stripe_id", "type"]
    search_backend_name = None
    form_fields = ["type"]


class WaitlistEntryIndexView(generic.IndexView):
    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        url = reverse(f"{WAITLIST_URL_NAMESPACE}:overview")
        buttons.append(HeaderButton("Lists by class or workshop", url=url, icon_name="list-ol"))
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        url = waitlist_admin_url(instance.target)
        buttons.append(ListingButton("See and reorder the list", url=url, icon_name="list-ol"))
        return buttons


class WaitlistEntryViewSet(ModelViewSet):
    model = WaitlistEntry
    icon = "list-ol"
    menu_label = "Waitlists"
    url_prefix = "payments/waitlists"
    url_namespace = WAITLIST_URL_NAMESPACE
    index_view_class = WaitlistEntryIndexView
    inspect_view_enabled = True
    list_display = ["email", "target", "position", "status", "offer_expires_at", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["email"]
    search_backend_name = None
    ordering = ["kind", "target_id", "position"]
    form_fields = ["email"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("overview/", WaitlistOverviewView.as_view(), name="overview"),
            path("list/<str:kind>/<int:pk>/", WaitlistTargetView.as_view(), name="target"),
        ]


class PaymentsViewSetGroup(ModelViewSetGroup):
    menu_label = "Payments"
    menu_icon = "tag"
    menu_order = 260
    items = (
        OrderViewSet,
        TeamViewSet,
        WaitlistEntryViewSet,
        CohortPriceViewSet,
        GroupPriceBandViewSet,
        DiscountCodeViewSet,
        StripeEventViewSet,
    )

    def get_submenu_items(self):
        return [
            *super().get_submenu_items(),
            MonthlyClassesMenuItem(
                "Generate monthly classes",
                reverse_lazy(GENERATOR_URL_NAME),
                icon_name="calendar",
                order=len(self.items) + 1,
            ),
        ]


class MonthlyClassesMenuItem(MenuItem):
    def is_shown(self, request):
        return all(request.user.has_perm(perm) for perm in GENERATOR_PERMISSIONS)


@hooks.register("register_admin_viewset")
def register_payments_viewsets():
    return PaymentsViewSetGroup()


@hooks.register("register_admin_urls")
def register_workshop_admin_urls():
    return [
        path(
            "payments/workshops/<int:pk>/attendees.csv",
            workshop_attendees_csv,
            name="payments_workshop_attendees",
        ),
        path(
            "payments/generate-classes/",
            MonthlyClassesView.as_view(),
            name=GENERATOR_URL_NAME,
        ),
    ]


@hooks.register("register_page_header_buttons")
def workshop_attendees_button(page, user, view_name, next_url=None):
    if (
        isinstance(page.specific_deferred, WorkshopPage)
        and page.permissions_for_user(user).can_edit()
    ):
        yield HeaderButton(
            "Attendees (CSV)",
            url=reverse("payments_workshop_attendees", args=[page.pk]),
            icon_name="download",
            priority=60,
        )
