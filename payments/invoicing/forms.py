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
        kind, value = cleaned.get("tax_id_type"), (cleaned.get("tax_id_value") or "").strip()
        if value and not kind:
            self.add_error("tax_id_type", "Say which kind of tax ID this is.")
        if kind and not value:
            self.add_error("tax_id_value", "Give the tax ID, or choose “No tax ID”.")
        cleaned["tax_id_value"] = value
        return cleaned
