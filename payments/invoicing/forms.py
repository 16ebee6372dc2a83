"""The company's form: seats and tier as on the buy page, plus who the invoice is for."""

import re

from django import forms

from courses.models import EnrollmentTier
from payments.models import MAX_SEATS_PER_ORDER

TAX_ID_TYPES = [
    ("", "No tax ID"),
    ("eu_vat", "EU VAT number"),
    ("gb_vat", "UK VAT number"),
    ("us_ein", "US EIN"),
    ("ch_vat", "Swiss VAT number"),
]


PO_NUMBER_MAX = 40
PO_NUMBER_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 /._#-]*")


def po_number_clean(value: str) -> str:
    """A purchase-order number as it will be printed on the invoice (a Stripe custom field):
    at most 40 characters, letters, digits, spaces and / . _ # -; starting with a letter or
    digit. Raises ``ValidationError`` saying what to fix."""
    value = " ".join((value or "").split())
    if not value:
        return ""
    if len(value) > PO_NUMBER_MAX:
        raise forms.ValidationError(
            f"A purchase-order number has at most {PO_NUMBER_MAX} characters; this one has "
            f"{len(value)}."
        )
    if not PO_NUMBER_PATTERN.fullmatch(value):
        raise forms.ValidationError(
            "Use only letters, digits, spaces and / . _ # - in the purchase-order number, "
            "starting with a letter or digit (e.g. PO-2027-0042)."
        )
    return value


def tax_id_pair_clean(form: forms.Form, cleaned: dict) -> None:
    """The tax ID's type and value go together: say which one is missing."""
    kind, value = cleaned.get("tax_id_type"), (cleaned.get("tax_id_value") or "").strip()
    if value and not kind:
        form.add_error("tax_id_type", "Say which kind of tax ID this is.")
    if kind and not value:
        form.add_error("tax_id_value", "Give the tax ID, or choose “No tax ID”.")
    cleaned["tax_id_value"] = value


class CompanyBuyForm(forms.Form):
    tier = forms.ChoiceField(choices=EnrollmentTier.choices, widget=forms.RadioSelect)
    seats = forms.IntegerField(min_value=2, max_value=MAX_SEATS_PER_ORDER, initial=8)
    company_name = forms.CharField(max_length=200, label="Company name")
    address_line1 = forms.CharField(max_length=200, label="Address")
    address_line2 = forms.CharField(max_length=200, required=False, label="Address line 2")
    city = forms.CharField(max_length=100)
    postal_code = forms.CharField(max_length=20, required=False, label="Postal code")
    country = forms.CharField(
        max_length=2, min_length=2, help_text="Two letters, e.g. GB, DE, US.", label="Country"
    )
    tax_id_type = forms.ChoiceField(choices=TAX_ID_TYPES, required=False, label="Tax ID type")
    tax_id_value = forms.CharField(max_length=40, required=False, label="Tax ID")
    po_number = forms.CharField(
        max_length=100,
        required=False,
        label="Purchase-order number",
        help_text="Printed on the invoice.",
    )

    def clean_po_number(self) -> str:
        return po_number_clean(self.cleaned_data.get("po_number") or "")

    def __init__(self, *args, tiers: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if tiers is not None:
            self.fields["tier"].choices = [
                (value, label) for value, label in EnrollmentTier.choices if value in tiers
            ]
            if tiers:
                self.fields["tier"].initial = tiers[0]

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", country):
            raise forms.ValidationError("Give the country as two letters, e.g. GB.")
        return country

    def clean(self):
        cleaned = super().clean()
        tax_id_pair_clean(self, cleaned)
        return cleaned
