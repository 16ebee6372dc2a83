"""Waitlist pages: join a sold-out class's or workshop's list, take an offered place, leave.

Thin: parse, call ``payments.waitlist.services``, render. The offer link is the key to
the offered place: whoever opens it signs in and pays through the ordinary checkout, which
takes over the offer's hold (``waitlist_offer_checkout``). Joining sends an email to the
address given, so joins are rate-limited per client address (``RATE_LIMITS["waitlist_join"]``,
through the project's one limiter, cms/rate_limits.py).
"""

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cms.rate_limits import RateLimited, client_key, rate_limit_consume
from courses.models import Cohort
from engine.capacity.kinds import kind_for
from engine.capacity.models import WaitlistEntry
from payments.errors import CheckoutError, SoldOut
from payments.forms import WaitlistJoinForm, WaitlistOfferForm
from payments.models import WorkshopPage
from payments.selectors import cohort_prices
from payments.waitlist.selectors import (
    OfferUnavailable,
    waitlist_entry_for_leave_token,
    waitlist_offer_for_token,
)
from payments.waitlist.services import (
    WAITLIST_JOINS_REFUSED,
    WaitlistError,
    waitlist_join,
    waitlist_leave,
    waitlist_offer_checkout,
)
from payments.waitlist.targets import Target, target_buy_url, target_join_url, target_name


@require_http_methods(["GET", "POST"])
def cohort_waitlist_join(request: HttpRequest, slug: str) -> HttpResponse:
    return _join(request, get_object_or_404(Cohort.objects.select_related("course"), slug=slug))


@require_http_methods(["GET", "POST"])
def workshop_waitlist_join(request: HttpRequest, pk: int) -> HttpResponse:
    return _join(request, get_object_or_404(WorkshopPage.objects.live(), pk=pk))


def _join(request: HttpRequest, target: Target) -> HttpResponse:
    context = {
        "target": target,
        "name": target_name(target),
        "action": target_join_url(target),
        "buy_url": target_buy_url(target),
    }
    if request.method == "GET":
        email = request.user.email if request.user.is_authenticated else ""
        form = WaitlistJoinForm(initial={"email": email})
        return render(request, "payments/waitlist/join.html", {**context, "form": form})
    form = WaitlistJoinForm(request.POST)
    if not form.is_valid():
        return render(request, "payments/waitlist/join.html", {**context, "form": form}, status=400)
    try:
        rate_limit_consume(
            scope="waitlist_join", key=client_key(request), refused=WAITLIST_JOINS_REFUSED
        )
    except RateLimited as error:
        form.add_error(None, error.message)
        response = render(
            request, "payments/waitlist/join.html", {**context, "form": form}, status=429
        )
        response["Retry-After"] = str(error.retry_after_seconds)
        return response
    try:
        joined = waitlist_join(target=target, email=form.cleaned_data["email"], user=request.user)
    except WaitlistError as error:
        form.add_error(error.field or None, error.message)
        status = 400 if error.field else 409
        return render(
            request, "payments/waitlist/join.html", {**context, "form": form}, status=status
        )
    return render(
        request,
        "payments/waitlist/joined.html",
        {**context, "joined": joined},
        status=201 if joined.created else 200,
    )


def _gone(request: HttpRequest, error: OfferUnavailable) -> HttpResponse:
    return render(
        request, "payments/waitlist/offer_gone.html", {"error": error.message}, status=error.status
    )


@require_http_methods(["GET", "POST"])
def waitlist_offer(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the offer email: the held place, an option to pick, then checkout."""
    try:
        entry = waitlist_offer_for_token(token=token)
    except OfferUnavailable as error:
        return _gone(request, error)
    target = entry.target
    seller = kind_for(target)
    # A class's offer lets the buyer pick a tier; other kinds sell one kind of place.
    sells_tiers = getattr(seller, "sells_tiers", False)
    prices = cohort_prices(cohorts=[target])[target.pk] if sells_tiers else []
    tiers = [price.tier for price in prices]
    context = {
        "entry": entry,
        "target": target,
        "seller": seller,
        "name": target_name(target),
        "prices": prices,
    }
    if request.method == "GET":
        form = WaitlistOfferForm(tiers=tiers)
        return render(request, "payments/waitlist/offer.html", {**context, "form": form})
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = WaitlistOfferForm(request.POST, tiers=tiers)
    if not form.is_valid():
        return render(
            request, "payments/waitlist/offer.html", {**context, "form": form}, status=400
        )
    try:
        checkout = waitlist_offer_checkout(
            entry=entry,
            buyer=request.user,
            tier=form.cleaned_data.get("tier", ""),
            code=form.cleaned_data.get("code") or None,
            site_url=request.build_absolute_uri("/"),
        )
    except OfferUnavailable as error:
        return _gone(request, error)
    except CheckoutError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        status = 409 if isinstance(error, SoldOut) else 400
        return render(
            request, "payments/waitlist/offer.html", {**context, "form": form}, status=status
        )
    return redirect(checkout.redirect_url)


@require_http_methods(["GET", "POST"])
def waitlist_leave_view(request: HttpRequest, token: str) -> HttpResponse:
    """The offer email's "let it go" link: the held place goes to the next person."""
    return _leave(request, token, find=waitlist_offer_for_token)


@require_http_methods(["GET", "POST"])
def waitlist_entry_leave_view(request: HttpRequest, token: str) -> HttpResponse:
    """The join email's "leave the waitlist" link, good in any state of the entry."""
    return _leave(request, token, find=waitlist_entry_for_leave_token)


def _leave(request: HttpRequest, token: str, *, find: Callable[..., WaitlistEntry]) -> HttpResponse:
    """Asks first (a GET changes nothing), then steps out; leaving twice is harmless."""
    try:
        entry = find(token=token)
    except OfferUnavailable as error:
        return _gone(request, error)
    context = {"entry": entry, "name": target_name(entry.target)}
    if request.method == "GET":
        return render(request, "payments/waitlist/leave.html", context)
    try:
        entry = waitlist_leave(entry=entry)
    except WaitlistError as error:
        return render(
            request, "payments/waitlist/leave.html", {**context, "error": error.message}, status=409
        )
    return render(request, "payments/waitlist/leave.html", {**context, "entry": entry})
