"""The page where a company buys seats and pays by invoice. Thin: parse, call
``payments.invoicing.services``, render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from courses.models import Cohort
from payments.errors import CheckoutError, SoldOut
from payments.invoicing.forms import CompanyBuyForm
from payments.invoicing.models import DAYS_UNTIL_DUE
from payments.invoicing.services import CompanyDetails, invoice_threshold, order_pay_by_invoice
from payments.selectors import cohort_prices

DETAIL_FIELDS = (
    "company_name",
    "address_line1",
    "address_line2",
    "city",
    "postal_code",
    "country",
    "tax_id_type",
    "tax_id_value",
    "po_number",
)


def _render(request, cohort, form, status=200, **extra) -> HttpResponse:
    context = {
        "cohort": cohort,
        "form": form,
        "threshold": invoice_threshold(),
        "currency": cohort_prices(cohorts=[cohort])[cohort.pk][0].currency,
        "days_until_due": DAYS_UNTIL_DUE,
        **extra,
    }
    return render(request, "invoicing/buy_as_company.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def buy_as_company(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = get_object_or_404(Cohort.objects.select_related("course"), slug=slug)
    tiers = [price.tier for price in cohort_prices(cohorts=[cohort])[cohort.pk]]
    if not tiers:
        raise Http404("This class is not on sale.")
    if request.method == "GET":
        return _render(request, cohort, CompanyBuyForm(tiers=tiers))
    form = CompanyBuyForm(request.POST, tiers=tiers)
    if not form.is_valid():
        return _render(request, cohort, form, status=400)
    data = form.cleaned_data
    details = CompanyDetails(**{name: data[name] for name in DETAIL_FIELDS})
    try:
        order = order_pay_by_invoice(
            buyer=request.user,
            cohort=cohort,
            seats=data["seats"],
            tier=data["tier"],
            details=details,
        )
    except SoldOut as error:
        form.add_error("seats", error.message)
        return _render(request, cohort, form, status=409)
    except CheckoutError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _render(request, cohort, form, status=400)
    return redirect("payments:order_detail", order.pk)
