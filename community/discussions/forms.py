"""The discussion email choice (at once, a daily digest at a local hour, or none), as fields of
the email preferences page and its API (``courses.preference_fields``)."""

import zoneinfo

from django import forms

from community.discussions.models import DiscussionPreference, NotificationDelivery
from courses.preference_fields import PreferenceFieldsForm


class DiscussionPreferenceFields(PreferenceFieldsForm):
    legend = "Replies, threads you follow and coaches' answers in your class's discussions"
    anchor = "discussions"

    discussion_delivery = forms.ChoiceField(
        label="Emails about discussions",
        choices=NotificationDelivery.choices,
        widget=forms.RadioSelect,
        help_text="At once, one email a day at your digest hour, or none (they stay listed "
        "under Notifications on the site).",
    )
    discussion_digest_hour = forms.IntegerField(
        label="Digest hour (0-23, your local time)",
        min_value=0,
        max_value=23,
        help_text="The local hour the daily digest is sent.",
    )
    discussion_timezone = forms.CharField(
        label="Your time zone",
        max_length=64,
        help_text="A time zone name such as Europe/Berlin or UTC.",
    )

    @classmethod
    def current(cls, user) -> dict:
        row = DiscussionPreference.objects.filter(user=user).first() or DiscussionPreference()
        return {
            "discussion_delivery": row.delivery,
            "discussion_digest_hour": row.digest_hour,
            "discussion_timezone": row.timezone,
        }

    def clean_discussion_timezone(self) -> str:
        value = self.cleaned_data["discussion_timezone"].strip()
        if value not in zoneinfo.available_timezones():
            raise forms.ValidationError("Use a time zone name such as Europe/Berlin or UTC.")
        return value

    def save(self) -> None:
        from community.discussions.services import discussion_preference_set

        discussion_preference_set(
            user=self.user,
            delivery=self.cleaned_data["discussion_delivery"],
            digest_hour=self.cleaned_data["discussion_digest_hour"],
            timezone_name=self.cleaned_data["discussion_timezone"],
        )
