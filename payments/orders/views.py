"""Buyer pages: classes on sale, the buy form, the return from Stripe, orders.

Thin: parse, call ``payments.orders.checkout`` / ``payments.orders.fulfilment``, render. The
pages after Stripe show the order's state as the database has it after re-reading Stripe;
they never grant anything on their own (``order_settle`` enrols only when Stripe says the
session is paid).
"""

import logging

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from courses.capacity import cohort_seats_left
from courses.models import Cohort
from payments.discounts import purchase_quote
from payments.errors import CheckoutError, SoldOut, StripeGatewayError
from payments.forms import BuyForm
from payments.models import GROUP_MIN_SEATS, Order, OrderStatus
from payments.orders.checkout import order_checkout_start
from payments.orders.checkout_sessions import order_cancel
from payments.orders.fulfilment import order_settle
from payments.selectors import (
    cohort_prices,
    cohorts_on_sale,
    group_bands,
    order_for_buyer,
    orders_for_buyer,
)

logger = logging.getLogger(__name__)


@require_GET
def classes(request: HttpRequest) -> HttpResponse:
    return render(request, "payments/classes.html", {"cohorts": cohorts_on_sale()})


def _buy_context(request, cohort: Cohort, form: BuyForm, **extra) -> dict:
    now = timezone.now()
    cohort.seats_left = cohort_seats_left(cohort=cohort, now=now)
    cohort.is_open = cohort.is_open_for_enrollment(now) and cohort.start_date > now.date()
    return {
        "cohort": cohort,
        "prices": cohort_prices(cohorts=[cohort])[cohort.pk],
        "bands": group_bands(),
        "group_min_seats": GROUP_MIN_SEATS,
        "form": form,
        **extra,
    }


def _quote(form: BuyForm, cohort: Cohort, user):
    """The server's price for what the form names (never a price the client sent)."""
    data = form.cleaned_data
    return purchase_quote(
        cohort=cohort, tier=data["tier"], seats=data["seats"], code=data.get("code"), buyer=user
    )


@require_http_methods(["GET", "POST"])
def buy(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose a tier, a number of seats and maybe a code; check the price or pay."""
    cohort = get_object_or_404(Cohort.objects.select_related("course"), slug=slug)
    tiers = [price.tier for price in cohort_prices(cohorts=[cohort])[cohort.pk]]
    if not tiers:
        raise Http404("This class is not on sale.")
    if request.method == "GET":
        form = BuyForm(initial={"tier": request.GET.get("tier") or tiers[0]}, tiers=tiers)
        return render(request, "payments/buy.html", _buy_context(request, cohort, form))
    form = BuyForm(request.POST, tiers=tiers)
    if not form.is_valid():
        return render(request, "payments/buy.html", _buy_context(request, cohort, form), status=400)
    if request.POST.get("action") == "quote":
        try:
            quote = _quote(form, cohort, request.user)
        except CheckoutError as error:
            form.add_error(error.field or None, error.message)
            return render(
                request, "payments/buy.html", _buy_context(request, cohort, form), status=400
            )
        return render(
            request, "payments/buy.html", _buy_context(request, cohort, form, quote=quote)
        )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        checkout = order_checkout_start(
            buyer=request.user,
            target=cohort,
            tier=form.cleaned_data["tier"],
            seats=form.cleaned_data["seats"],
            code=form.cleaned_data.get("code") or None,
            site_url=request.build_absolute_uri("/"),
        )
    except SoldOut as error:
        form.add_error(None, error.message)
        context = _buy_context(request, cohort, form, next_cohort=error.next_cohort)
        return render(request, "payments/buy.html", context, status=409)
    except CheckoutError as error:
        form.add_error(error.field or None, error.message)
        return render(request, "payments/buy.html", _buy_context(request, cohort, form), status=400)
    return redirect(checkout.redirect_url)


@login_required
@require_GET
def checkout_return(request: HttpRequest) -> HttpResponse:
    """Stripe's ``success_url``: settle the order from Stripe's word, then show its state."""
    session_id = request.GET.get("session_id", "")
    order = Order.objects.filter(buyer=request.user, stripe_session_id=session_id).first()
    if not session_id or order is None:
        raise Http404("No such checkout.")
    _settle_quietly(order)
    return redirect("payments:order_detail", pk=order.pk)


def _settle_quietly(order: Order) -> Order:
    try:
        return order_settle(order=order)
    except StripeGatewayError as error:
        logger.warning("Could not re-read order %s from Stripe: %s", order.pk, error)
        return order


@login_required
@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "payments/orders/list.html", {"orders": orders_for_buyer(user=request.user)}
    )


@login_required
@require_GET
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_for_buyer(user=request.user, pk=pk)
    if order.status in (OrderStatus.PENDING, OrderStatus.PAID):
        order = _settle_quietly(order)
        order = order_for_buyer(user=request.user, pk=pk)
    return render(request, "payments/orders/detail.html", {"order": order})


@login_required
@require_GET
def order_cancelled(request: HttpRequest, pk: int) -> HttpResponse:
    """Stripe's ``cancel_url``: the buyer left checkout; give the seats and code back."""
    order = order_for_buyer(user=request.user, pk=pk)
    try:
        order = order_cancel(order=order)
    except StripeGatewayError as error:
        logger.warning("Could not cancel order %s at Stripe: %s", order.pk, error)
    return render(request, "payments/orders/cancelled.html", {"order": order})
