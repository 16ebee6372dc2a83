"""Forms of the payments pages and admin. A buyer's form names what they want (tier, seats,
code) and nothing else: there is no price field to tamper with, and any extra field a
client posts is ignored."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminModelForm

from courses.models import EnrollmentTier
from payments.invoicing.forms import TAX_ID_TYPES, po_number_clean, tax_id_pair_clean
from payments.models import MAX_SEATS_PER_ORDER
from payments.money import ZERO_DECIMAL_CURRENCIES


class BuyForm(forms.Form):
    tier = forms.ChoiceField(choices=EnrollmentTier.choices, widget=forms.RadioSelect)
    seats = forms.IntegerField(
        min_value=1,
        max_value=MAX_SEATS_PER_ORDER,
        initial=1,
        help_text="Two or more seats make a team you invite colleagues to.",
    )
    code = forms.CharField(max_length=40, required=False, label="Discount code")
    # Buying for a company by card: the payment page asks the business name, billing
    # address and tax ID; these two are ours to give (payments.invoicing.card).
    for_company = forms.BooleanField(required=False, label="I am buying for a company")
    po_number = forms.CharField(
        max_length=100,
        required=False,
        label="Purchase-order number",
        help_text="Printed on the invoice. Up to 40 letters, digits, spaces and / . _ # -.",
    )
    tax_id_type = forms.ChoiceField(choices=TAX_ID_TYPES, required=False, label="Tax ID type")
    tax_id_value = forms.CharField(
        max_length=40,
        required=False,
        label="Tax ID",
        help_text="Optional here: checked by our payment provider now, or give it on the "
        "payment page.",
    )

    def __init__(self, *args, tiers: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if tiers is not None:
            self.fields["tier"].choices = [
                (value, label) for value, label in EnrollmentTier.choices if value in tiers
            ]
            if len(tiers) == 1:
                self.fields["tier"].initial = tiers[0]

    def clean_po_number(self) -> str:
        return po_number_clean(self.cleaned_data.get("po_number") or "")

    def clean(self):
        cleaned = super().clean()
        tax_id_pair_clean(self, cleaned)
        if not cleaned.get("for_company") and (
            cleaned.get("po_number") or cleaned.get("tax_id_value")
        ):
            self.add_error(
                "for_company",
                "Tick “I am buying for a company” to put a PO number or tax ID on the invoice.",
            )
        return cleaned


class BuySeatsForm(forms.Form):
    seats = forms.IntegerField(min_value=1, max_value=MAX_SEATS_PER_ORDER, initial=1)
    code = forms.CharField(max_length=40, required=False, label="Discount code")


class InviteForm(forms.Form):
    email = forms.EmailField(label="Colleague's email", max_length=254)


class ReassignForm(forms.Form):
    email = forms.EmailField(label="Give this seat to", max_length=254)


def amount_to_minor_units(value: str, currency: str) -> int:
    """``"12.50"`` -> ``1250`` (``"1250"`` for a zero-decimal currency)."""
    try:
        amount = Decimal(value.strip().replace(",", ""))
    except (InvalidOperation, AttributeError):
        raise ValidationError("Enter an amount such as 100 or 99.50.") from None
    minor = amount if currency in ZERO_DECIMAL_CURRENCIES else amount * 100
    if minor != minor.to_integral_value() or minor <= 0:
        raise ValidationError("Enter a positive amount with at most two decimals.")
    return int(minor)


class RefundForm(forms.Form):
    amount = forms.CharField(
        required=False,
        help_text="Leave empty to refund everything that is left. A partial refund keeps the "
        "buyer's place.",
    )
    reason = forms.CharField(max_length=255, required=False)

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order

    def clean_amount(self) -> int | None:
        raw = self.cleaned_data.get("amount") or ""
        if not raw.strip():
            return None
        amount = amount_to_minor_units(raw, self.order.currency)
        if amount > self.order.refundable_amount:
            raise ValidationError(
                f"At most {self.order.money(self.order.refundable_amount)} is left to refund."
            )
        return amount


class DiscountCodeAdminForm(WagtailAdminModelForm):
    """Tiers as tick boxes (stored as a list of tier values; none ticked: every tier)."""

    tiers = forms.MultipleChoiceField(
        choices=EnrollmentTier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every tier.",
    )


class WaitlistJoinForm(forms.Form):
    email = forms.EmailField(
        label="Your email",
        max_length=254,
        help_text="We email you a link when a place frees up; it holds the place for 24 hours.",
    )


class WaitlistOfferForm(forms.Form):
    """Buying an offered place: one seat or ticket; a class's buyer picks the option
    (``tiers``; none for a workshop) and anyone may add a code."""

    tier = forms.ChoiceField(choices=EnrollmentTier.choices, widget=forms.RadioSelect)
    code = forms.CharField(max_length=40, required=False, label="Discount code")

    def __init__(self, *args, tiers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        if not tiers:
            del self.fields["tier"]
            return
        self.fields["tier"].choices = [
            (value, label) for value, label in EnrollmentTier.choices if value in tiers
        ]
        if len(tiers) == 1:
            self.fields["tier"].initial = tiers[0]


class BulkInviteForm(forms.Form):
    """Many invitations at once: a pasted list, or a CSV file (first column the address)."""

    emails = forms.CharField(
        label="Email addresses, one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=100_000,
    )
    file = forms.FileField(label="Or a CSV file", required=False)

    MAX_FILE_BYTES = 1_000_000

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > self.MAX_FILE_BYTES:
                raise forms.ValidationError("The file is over 1 MB; split the list.")
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    "The file is not UTF-8 text. Save it as CSV (UTF-8) and upload it again."
                ) from None
        else:
            data["text"] = data.get("emails") or ""
        if not data["text"].strip():
            raise forms.ValidationError("Paste the addresses or choose a CSV file.")
        return data


class CoAdminForm(forms.Form):
    email = forms.EmailField(label="Co-admin's account email", max_length=254)


class DigestForm(forms.Form):
    digest_enabled = forms.BooleanField(
        label="Email me a digest on Monday mornings", required=False
    )
