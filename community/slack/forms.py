"""Staff name a class's channel in the admin (before it exists in Slack)."""

from django import forms

from wagtail.admin.forms import WagtailAdminModelForm

from community.slack.models import SlackChannel


class SlackChannelForm(WagtailAdminModelForm):
    class Meta:
        model = SlackChannel
        fields = ["cohort", "name"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        channel = self.instance
        if channel.pk and channel.slack_id and name != channel.name:
            stored = SlackChannel.objects.get(pk=channel.pk).name
            if name != stored:
                raise forms.ValidationError(
                    f"#{stored} already exists in Slack; rename it in Slack, not here."
                )
        return name
