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
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms.account_return import account_return_remember
from cms.reader_cache import reader_cached
from courses.capacity import cohort_seats_left
from courses.models import Cohort
from payments.discounts import purchase_quote
from payments.errors import CheckoutError, SoldOut, StripeGatewayError
from payments.forms import BuyForm
from payments.invoicing.card import checkout_company_prepare
from payments.models import GROUP_MIN_SEATS, CohortPrice, Order, OrderStatus
from payments.orders.checkout import order_checkout_start
from payments.orders.checkout_sessions import order_cancel
from payments.orders.fulfilment import order_settle
from payments.selectors import (
    cohort_prices,
    cohorts_on_sale,
    group_bands,
    order_for_buyer,
    order_open_checkout,
    orders_for_buyer,
)

logger = logging.getLogger(__name__)


@require_GET
def classes(request: HttpRequest) -> HttpResponse:
    return render(request, "payments/classes.html", {"cohorts": cohorts_on_sale()})


def _buy_context(
    request, cohort: Cohort, form: BuyForm, prices: list[CohortPrice], **extra
) -> dict:
    now = timezone.now()
    cohort.seats_left = cohort_seats_left(cohort=cohort, now=now)
    cohort.is_open = cohort.is_open_for_enrollment(now) and cohort.start_date > now.date()
    return {
        "cohort": cohort,
        "prices": prices,
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


def _choice_url(cohort: Cohort, *, tier: str, seats: int, code: str) -> str:
    """The buy page with a choice filled in (what brings a buyer back to it)."""
    choice = {"tier": tier, "seats": seats}
    if code:
        choice["code"] = code
    return f"{reverse('payments:buy', args=[cohort.slug])}?{urlencode(choice)}"


def _choice_form(request: HttpRequest, cohort: Cohort, tiers: list[str]):
    """The buy form for a GET: empty, or filled from the choice in the URL (a buyer back
    from signing in, or starting again) with its price, checked as a quote is."""
    if "seats" not in request.GET:
        form = BuyForm(initial={"tier": request.GET.get("tier") or tiers[0]}, tiers=tiers)
        return form, None
    data = {
        "tier": request.GET.get("tier") or tiers[0],
        "seats": request.GET.get("seats"),
        "code": request.GET.get("code", ""),
    }
    form = BuyForm(data, tiers=tiers)
    if not form.is_valid():
        return form, None
    try:
        return form, _quote(form, cohort, request.user)
    except CheckoutError as error:
        form.add_error(error.field or None, error.message)
        return form, None


@require_http_methods(["GET", "POST"])
@reader_cached
def buy(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose a tier, a number of seats and maybe a code; check the price or pay.

    A buyer with a checkout of this class still open is offered to resume it or start
    again. A visitor who must sign in first comes back here with the same choice, through
    sign-up and email verification too (``cms.account_return``)."""
    cohort = get_object_or_404(Cohort.objects.select_related("course"), slug=slug)
    prices = cohort_prices(cohorts=[cohort])[cohort.pk]
    tiers = [price.tier for price in prices]
    if not tiers:
        raise Http404("This class is not on sale.")
    if request.method == "GET":
        form, quote = _choice_form(request, cohort, tiers)
        open_checkout = order_open_checkout(buyer=request.user, target=cohort)
        context = _buy_context(
            request, cohort, form, prices, quote=quote, open_checkout=open_checkout
        )
        return render(request, "payments/buy.html", context)
    form = BuyForm(request.POST, tiers=tiers)
    if not form.is_valid():
        return render(
            request,
            "payments/buy.html",
            _buy_context(request, cohort, form, prices),
            status=400,
        )
    if request.POST.get("action") == "quote":
        try:
            quote = _quote(form, cohort, request.user)
        except CheckoutError as error:
            form.add_error(error.field or None, error.message)
            return render(
                request,
                "payments/buy.html",
                _buy_context(request, cohort, form, prices),
                status=400,
            )
        return render(
            request, "payments/buy.html", _buy_context(request, cohort, form, prices, quote=quote)
        )
    if not request.user.is_authenticated:
        back = _choice_url(
            cohort,
            tier=form.cleaned_data["tier"],
            seats=form.cleaned_data["seats"],
            code=form.cleaned_data.get("code") or "",
        )
        account_return_remember(request, url=back)
        return redirect_to_login(back)
    data = form.cleaned_data
    try:
        company = (
            checkout_company_prepare(
                buyer=request.user,
                po_number=data["po_number"],
                tax_id_type=data["tax_id_type"],
                tax_id_value=data["tax_id_value"],
            )
            if data["for_company"]
            else None
        )
        checkout = order_checkout_start(
            buyer=request.user,
            target=cohort,
            tier=data["tier"],
            seats=data["seats"],
            code=data.get("code") or None,
            site_url=request.build_absolute_uri("/"),
            company=company,
        )
    except SoldOut as error:
        form.add_error(None, error.message)
        context = _buy_context(request, cohort, form, prices, next_cohort=error.next_cohort)
        return render(request, "payments/buy.html", context, status=409)
    except CheckoutError as error:
        form.add_error(error.field or None, error.message)
        return render(
            request,
            "payments/buy.html",
            _buy_context(request, cohort, form, prices),
            status=400,
        )
    return redirect(checkout.redirect_url)


@login_required
@require_GET
def order_resume(request: HttpRequest, pk: int) -> HttpResponse:
    """Back to the order's Stripe session if Stripe still has it open; else the order's
    page, which says what became of it (paid meanwhile, expired)."""
    order = _settle_quietly(order_for_buyer(user=request.user, pk=pk))
    if order.status == OrderStatus.PENDING and order.stripe_session_status == "open":
        return redirect(order.checkout_url)
    return redirect("payments:order_detail", pk=order.pk)


@login_required
@require_POST
def order_start_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Give up an open checkout (its places and code given back through the order's owner)
    and choose again, from the same choice."""
    order = order_for_buyer(user=request.user, pk=pk)
    try:
        order = order_cancel(order=order)
    except StripeGatewayError as error:
        logger.warning("Could not cancel order %s at Stripe: %s", order.pk, error)
    if order.cohort is None:  # a workshop's page has its own form
        return redirect(order.restart_url or reverse("payments:order_detail", args=[order.pk]))
    code = order.discount_code.code if order.discount_code else ""
    return redirect(_choice_url(order.cohort, tier=order.tier, seats=order.seats, code=code))


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
