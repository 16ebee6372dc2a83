"""The member profile form: name, role and company live on the user, the rest on
``MemberProfile``. Bad input is refused with a message that says what is expected."""

import re
from urllib.parse import urlsplit

from django import forms

SLACK_HANDLE = re.compile(r"^@?[a-z0-9][a-z0-9._-]{0,79}$", re.IGNORECASE)


class ProfileForm(forms.Form):
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    job_title = forms.CharField(label="Role", max_length=120, required=False)
    company = forms.CharField(max_length=120, required=False)
    city = forms.CharField(max_length=80, required=False, help_text="e.g. New York")
    linkedin_url = forms.URLField(
        label="LinkedIn URL", max_length=200, required=False, assume_scheme="https"
    )
    slack_handle = forms.CharField(max_length=80, required=False, help_text="e.g. @ada")
    meetup_emails = forms.BooleanField(label="Tell me about meetups in my city", required=False)

    def clean_city(self) -> str:
        return " ".join(self.cleaned_data["city"].split())

    def clean_linkedin_url(self) -> str:
        url = self.cleaned_data["linkedin_url"]
        if url:
            host = (urlsplit(url).hostname or "").lower()
            if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
                raise forms.ValidationError(
                    "Enter your LinkedIn profile address, e.g. https://www.linkedin.com/in/you."
                )
        return url

    def clean_slack_handle(self) -> str:
        handle = self.cleaned_data["slack_handle"].strip()
        if handle and not SLACK_HANDLE.match(handle):
            raise forms.ValidationError(
                "A Slack handle is letters, digits, dots, dashes or underscores, e.g. @ada."
            )
        return handle.lstrip("@")

    def clean(self):
        data = super().clean()
        if data.get("meetup_emails") and not data.get("city"):
            self.add_error("city", "Enter your city to hear about meetups there.")
        return data
