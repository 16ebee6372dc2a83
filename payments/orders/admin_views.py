"""The order's Refund action in the Wagtail admin: a form, then ``payments.orders.refunds``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from payments.errors import RefundError, StripeGatewayError
from payments.forms import RefundForm
from payments.models import Order
from payments.orders.refunds import order_refund
from payments.permissions import REFUND_PERMISSION

ORDERS_URL_NAMESPACE = "payments_orders"


class OrderRefundView(WagtailAdminTemplateMixin, FormView):
    template_name = "payments/admin/refund.html"
    page_title = "Refund"
    header_icon = "undo"
    form_class = RefundForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.order = get_object_or_404(
            Order.objects.select_related("buyer", "cohort"), pk=kwargs["pk"]
        )

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REFUND_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return f"Order {self.order.pk}"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(f"{ORDERS_URL_NAMESPACE}:index"), "label": "Orders"},
            {
                "url": reverse(f"{ORDERS_URL_NAMESPACE}:inspect", args=[self.order.pk]),
                "label": str(self.order),
            },
            {"url": "", "label": "Refund"},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "order": self.order}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "order": self.order}

    def form_valid(self, form):
        amount = form.cleaned_data["amount"]
        try:
            order = order_refund(
                order=self.order,
                amount=amount,
                actor=self.request.user,
                reason=form.cleaned_data.get("reason") or "",
            )
        except StripeGatewayError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        except RefundError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        refunded = order.money(amount if amount is not None else order.amount_refunded)
        messages.success(
            self.request,
            f"Refunded {refunded} on order {order.pk}"
            + (" in full: its places were revoked." if order.status == "refunded" else "."),
        )
        return redirect(f"{ORDERS_URL_NAMESPACE}:inspect", order.pk)
