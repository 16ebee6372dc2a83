"""The discussion email choice: at once, a daily digest at a local hour, or none."""

import zoneinfo

from django import forms

from community.discussions.models import DiscussionPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = DiscussionPreference
        fields = ["delivery", "digest_hour", "timezone"]
        widgets = {"delivery": forms.RadioSelect}
        labels = {
            "delivery": "Emails about discussions",
            "digest_hour": "Digest hour (0-23, your local time)",
            "timezone": "Your time zone",
        }

    def clean_timezone(self) -> str:
        value = self.cleaned_data["timezone"].strip()
        if value not in zoneinfo.available_timezones():
            raise forms.ValidationError("Use a time zone name such as Europe/Berlin or UTC.")
        return value
