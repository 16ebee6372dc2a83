"""Buying workshop tickets: the workshop page's form posts here, to the one checkout.

Thin: parse, call ``payments.orders.checkout.order_checkout_start``, redirect to
Stripe. A refusal (sold out, bad code, closed) re-renders the workshop page with the message,
before anything was held or sent to Stripe.
"""

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from payments.errors import CheckoutError, SoldOut
from payments.models import WorkshopPage
from payments.orders import order_checkout_start
from payments.pricing import MAX_TICKETS_PER_ORDER


class WorkshopBuyForm(forms.Form):
    tickets = forms.IntegerField(
        min_value=1,
        max_value=MAX_TICKETS_PER_ORDER,
        initial=1,
        error_messages={
            "min_value": "Choose at least 1 ticket.",
            "max_value": f"Choose at most {MAX_TICKETS_PER_ORDER} tickets.",
            "required": "Choose how many tickets.",
            "invalid": "Give the number of tickets as a whole number.",
        },
    )
    code = forms.CharField(max_length=40, required=False, label="Discount code")


def _page_response(request, workshop: WorkshopPage, form: WorkshopBuyForm, status: int):
    context = workshop.get_context(request)
    context["form"] = form
    return TemplateResponse(request, workshop.get_template(request), context, status=status)


@require_POST
def workshop_buy(request: HttpRequest, pk: int) -> HttpResponse:
    """``POST /payments/workshops/<pk>/buy/``: hold the tickets and go to Stripe Checkout."""
    workshop = get_object_or_404(WorkshopPage.objects.live(), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(workshop.url)
    form = WorkshopBuyForm(request.POST)
    if not form.is_valid():
        return _page_response(request, workshop, form, status=400)
    try:
        checkout = order_checkout_start(
            buyer=request.user,
            target=workshop,
            seats=form.cleaned_data["tickets"],
            code=form.cleaned_data.get("code") or None,
            site_url=request.build_absolute_uri("/"),
        )
    except SoldOut as error:
        form.add_error(None, error.message)
        return _page_response(request, workshop, form, status=409)
    except CheckoutError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return _page_response(request, workshop, form, status=400)
    return redirect(checkout.redirect_url)
