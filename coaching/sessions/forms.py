"""Admin forms of live sessions: one session, or a weekly series. Dates and times are the
class's wall clock (``Cohort.timezone``), whoever is typing and wherever they are."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput
from wagtail.documents.widgets import AdminDocumentChooser

from coaching.sessions.models import LiveSession, SessionKind
from coaching.sessions.services import (
    MAX_DURATION_MINUTES,
    MAX_SERIES_WEEKS,
    SeriesRequest,
    local_datetime,
)
from courses.models import Cohort


class LiveSessionForm(WagtailAdminModelForm):
    """One session; the start date, start time and end time are in the class's time zone."""

    date = forms.DateField(widget=AdminDateInput, help_text="In the class's time zone.")
    start_time = forms.TimeField(widget=AdminTimeInput, help_text="In the class's time zone.")
    end_time = forms.TimeField(widget=AdminTimeInput, help_text="The same day.")

    class Meta:
        model = LiveSession
        fields = [
            "cohort",
            "kind",
            "title",
            "description",
            "join_url",
            "rsvp_required",
            "capacity",
            "recording_document",
            "recording_url",
        ]
        widgets = {"recording_document": AdminDocumentChooser}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            start, end = self.instance.local_starts_at, self.instance.local_ends_at
            self.initial.update(date=start.date(), start_time=start.time(), end_time=end.time())

    def clean(self):
        cleaned = super().clean()
        cohort = cleaned.get("cohort")
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if cohort and day and start and end:
            starts_at = local_datetime(cohort, day, start)
            ends_at = local_datetime(cohort, day, end)
            if ends_at <= starts_at:
                self.add_error("end_time", "The session must end after it starts (same day).")
            clash = LiveSession.objects.filter(cohort=cohort, starts_at=starts_at).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                self.add_error(
                    "start_time",
                    f"{cohort} already has a session at {starts_at:%a %d %b %Y %H:%M}.",
                )
            self.instance.starts_at, self.instance.ends_at = starts_at, ends_at
        if cleaned.get("capacity") is not None and not cleaned.get("rsvp_required"):
            self.add_error("capacity", "A capacity needs RSVPs: tick “RSVP needed” or clear it.")
        if cleaned.get("recording_document") and cleaned.get("recording_url"):
            self.add_error("recording_url", "Give a file or a link for the recording, not both.")
        return cleaned

    def validate_unique(self):
        """The clash is checked in ``clean`` with a message naming the time."""


class SeriesForm(forms.Form):
    """A weekly series: the first date and time, how long, how many weeks."""

    cohort = forms.ModelChoiceField(
        label="Class", queryset=Cohort.objects.select_related("course").order_by("-start_date")
    )
    kind = forms.ChoiceField(choices=SessionKind.choices, initial=SessionKind.QA)
    title = forms.CharField(max_length=160, initial="Weekly Q&A")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    first_date = forms.DateField(
        widget=AdminDateInput, help_text="The first session's date, in the class's time zone."
    )
    start_time = forms.TimeField(widget=AdminTimeInput, help_text="In the class's time zone.")
    duration_minutes = forms.IntegerField(
        initial=60, help_text=f"Minutes, 1 to {MAX_DURATION_MINUTES}."
    )
    weeks = forms.IntegerField(
        initial=10, help_text=f"How many weekly sessions, 1 to {MAX_SERIES_WEEKS}."
    )
    join_url = forms.URLField(label="Join link", max_length=500, assume_scheme="https")
    rsvp_required = forms.BooleanField(label="RSVP needed", required=False)
    capacity = forms.IntegerField(required=False, help_text="Empty for no limit.")
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def series_request(self) -> SeriesRequest:
        data = self.cleaned_data
        return SeriesRequest(
            cohort=data["cohort"],
            title=data["title"],
            kind=data["kind"],
            description=data["description"],
            first_date=data["first_date"],
            start_time=data["start_time"],
            duration_minutes=data["duration_minutes"],
            weeks=data["weeks"],
            join_url=data["join_url"],
            rsvp_required=data["rsvp_required"],
            capacity=data["capacity"],
        )


def default_first_date() -> datetime:
    return (timezone.now() + timedelta(days=7)).date()
