from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.utils import timezone

from coaching.slots.services import SLOT_MINUTES_ALLOWED


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Starts at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.TypedChoiceField(
        label="Length",
        choices=[(m, f"{m} minutes") for m in SLOT_MINUTES_ALLOWED],
        coerce=int,
        initial=60,
    )
    time_zone = forms.CharField(
        label="Time zone", max_length=64, initial="UTC", help_text="IANA name, e.g. Europe/Berlin."
    )

    def clean_time_zone(self):
        name = self.cleaned_data["time_zone"].strip()
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise forms.ValidationError(
                f"'{name}' is not a time zone; use an IANA name such as Europe/Berlin."
            ) from error
        return name

    def starts_at_aware(self):
        naive = timezone.make_naive(self.cleaned_data["starts_at"], timezone.get_current_timezone())
        return timezone.make_aware(naive, ZoneInfo(self.cleaned_data["time_zone"]))


class BookingForm(forms.Form):
    topic = forms.CharField(
        label="What would you like to work on? (optional)", max_length=300, required=False
    )
