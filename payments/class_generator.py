"""Generate the next monthly classes with their prices, in the Wagtail admin.

The form is the template (course, start rule, months, zone, hour, capacity, name and slug
patterns, a price per tier). "Preview" shows the plan from ``courses.monthly_classes`` and
writes nothing; "Create" makes the plan's new classes through that courses service and prices
each of them here, in one transaction: a failure leaves no class and no price behind.
"""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.models import Cohort, CoursePage, EnrollmentTier
from courses.models.cohorts import DEFAULT_COHORT_TIMEZONE, DEFAULT_RELEASE_HOUR, validate_timezone
from courses.monthly_classes import (
    ORDINAL_LABELS,
    MonthlyTemplate,
    PatternError,
    monthly_class_plan,
    monthly_classes_create,
)
from payments.models import CohortPrice
from payments.money import DEFAULT_CURRENCY, validate_currency

GENERATOR_PERMISSIONS = ("courses.add_cohort", "payments.add_cohortprice")
GENERATOR_URL_NAME = "payments_class_generator"
MAX_MONTHS = 24
WEEKDAY_CHOICES = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
PRICE_HELP = "Price of one seat in the smallest currency unit: 150000 is $1,500.00."


def monthly_classes_create_priced(
    *, template: MonthlyTemplate, after: date, prices: dict[str, int], currency: str
) -> list[Cohort]:
    """Create the template's new classes and one price per tier for each, all or none."""
    with transaction.atomic():
        cohorts = monthly_classes_create(template=template, after=after)
        CohortPrice.objects.bulk_create(
            CohortPrice(cohort=cohort, tier=tier, unit_amount=amount, currency=currency)
            for cohort in cohorts
            for tier, amount in prices.items()
        )
    return cohorts


class MonthlyClassesForm(forms.Form):
    course = forms.ModelChoiceField(queryset=CoursePage.objects.order_by("title"))
    ordinal = forms.TypedChoiceField(
        label="Starts on the",
        choices=list(ORDINAL_LABELS.items()),
        coerce=int,
        initial=1,
    )
    weekday = forms.TypedChoiceField(
        label="Weekday", choices=WEEKDAY_CHOICES, coerce=int, initial=0
    )
    months = forms.IntegerField(
        label="Months ahead",
        min_value=1,
        max_value=MAX_MONTHS,
        initial=3,
        help_text="How many classes to plan: one a month, starting with the next date the "
        "rule gives.",
    )
    timezone = forms.CharField(
        initial=DEFAULT_COHORT_TIMEZONE,
        validators=[validate_timezone],
        help_text="IANA time zone the release hour is read in, e.g. 'Europe/Berlin'.",
    )
    release_hour = forms.IntegerField(min_value=0, max_value=23, initial=DEFAULT_RELEASE_HOUR)
    capacity = forms.IntegerField(min_value=1, initial=40)
    name_pattern = forms.CharField(
        max_length=120,
        initial="{month} {year} class",
        help_text="Fields: {month} (May), {month_short} (May, Jun), {month_number} (05), {year}.",
    )
    slug_pattern = forms.CharField(
        max_length=120,
        initial="{month}-{year}",
        help_text="Same fields; made lower case with dashes. Must differ from month to month.",
    )
    standard_price = forms.IntegerField(
        label=f"{EnrollmentTier.STANDARD.label} price", min_value=1, help_text=PRICE_HELP
    )
    executive_price = forms.IntegerField(
        label=f"{EnrollmentTier.EXECUTIVE.label} price", min_value=1, help_text=PRICE_HELP
    )
    currency = forms.CharField(
        max_length=3, initial=DEFAULT_CURRENCY, validators=[validate_currency]
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.template = MonthlyTemplate(
            course=data["course"],
            ordinal=data["ordinal"],
            weekday=data["weekday"],
            months=data["months"],
            timezone=data["timezone"],
            release_hour=data["release_hour"],
            capacity=data["capacity"],
            name_pattern=data["name_pattern"],
            slug_pattern=data["slug_pattern"],
        )
        try:
            self.plan = monthly_class_plan(template=self.template, after=self.today)
        except PatternError as error:
            raise ValidationError(str(error)) from error
        return data

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    @property
    def prices(self) -> dict[str, int]:
        return {
            EnrollmentTier.STANDARD: self.cleaned_data["standard_price"],
            EnrollmentTier.EXECUTIVE: self.cleaned_data["executive_price"],
        }


class MonthlyClassesView(WagtailAdminTemplateMixin, FormView):
    """Preview re-renders the form with the plan; Create writes it and goes to the classes."""

    template_name = "payments/admin/class_generator.html"
    page_title = "Generate monthly classes"
    header_icon = "calendar"
    form_class = MonthlyClassesForm

    def dispatch(self, request, *args, **kwargs):
        if not all(request.user.has_perm(perm) for perm in GENERATOR_PERMISSIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.page_title}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "today": timezone.localdate()}

    def form_valid(self, form):
        if self.request.POST.get("action") != "create":
            return self.render_to_response(self.get_context_data(form=form, plan=form.plan))
        try:
            cohorts = monthly_classes_create_priced(
                template=form.template,
                after=form.today,
                prices=form.prices,
                currency=form.cleaned_data["currency"],
            )
        except ValidationError as error:
            form.add_error(None, "; ".join(error.messages))
            return self.form_invalid(form)
        except IntegrityError:
            form.add_error(
                None,
                "Another class took one of these dates or slugs meanwhile; nothing was "
                "created. Preview again.",
            )
            return self.form_invalid(form)
        if cohorts:
            names = ", ".join(cohort.name for cohort in cohorts)
            messages.success(self.request, f"Created {len(cohorts)} classes: {names}.")
        else:
            messages.info(self.request, "Every planned class already exists: none created.")
        return redirect("cohort:index")  # the class listing (courses.wagtail_hooks)
