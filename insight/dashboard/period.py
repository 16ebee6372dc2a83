"""The dashboard's date filter: "from" and "to" (both optional, both included).

The page and the API read the same two parameters through ``PeriodForm``, so a bad date is
refused with the same sentence in both places. Each figure applies the period to the moment
that makes it: an enrollment's creation, an order's payment, a rating's last change, a
waitlist entry's creation. The funnel and the lesson figures follow the students who
enrolled within the period, to the end of their course.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone

#: A period longer than this is charted by month, a shorter one by week.
WEEKLY_UP_TO_DAYS = 120
DATE_HELP = "a date as YYYY-MM-DD, e.g. 2026-04-01"


class PeriodForm(forms.Form):
    start = forms.DateField(
        required=False,
        label="From",
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": f"'From' is not a date: enter {DATE_HELP}."},
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        required=False,
        label="To",
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": f"'To' is not a date: enter {DATE_HELP}."},
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error(
                "end",
                f"'To' ({end:%Y-%m-%d}) is before 'From' ({start:%Y-%m-%d}): "
                "choose a 'To' date on or after the 'From' date.",
            )
        return data


#: The query parameters the form reads, by form field: ``?from=...&to=...``.
PARAMETERS = {"start": "from", "end": "to"}


def period_form(query: dict) -> PeriodForm:
    """The form bound to ``?from=&to=`` (empty values mean "no limit")."""
    return PeriodForm({field: query.get(param, "") for field, param in PARAMETERS.items()})


@dataclass(frozen=True)
class Period:
    start: date | None = None
    end: date | None = None  # included

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """The period as ``[since, until)`` moments (None where it has no limit)."""
        since = _midnight(self.start) if self.start else None
        until = _midnight(self.end + timedelta(days=1)) if self.end else None
        return since, until

    def where(self, field: str) -> Q:
        """``field`` (a datetime) within the period, as a range an index can serve."""
        since, until = self.bounds()
        q = Q()
        if since:
            q &= Q(**{f"{field}__gte": since})
        if until:
            q &= Q(**{f"{field}__lt": until})
        return q

    def where_day(self, field: str) -> Q:
        """``field`` (a date in the school's time zone) within the period."""
        q = Q()
        if self.start:
            q &= Q(**{f"{field}__gte": self.start})
        if self.end:
            q &= Q(**{f"{field}__lte": self.end})
        return q

    @property
    def weekly(self) -> bool:
        """Chart by week when the period is short enough, else by month."""
        return bool(self.start and self.end and (self.end - self.start).days <= WEEKLY_UP_TO_DAYS)

    def describe(self) -> str:
        if self.start and self.end:
            return f"{self.start:%d %b %Y} to {self.end:%d %b %Y}"
        if self.start:
            return f"since {self.start:%d %b %Y}"
        if self.end:
            return f"up to {self.end:%d %b %Y}"
        return "all time"

    def query(self) -> dict[str, str]:
        """The period as query parameters (for export links)."""
        values = {"start": self.start, "end": self.end}
        return {PARAMETERS[k]: f"{v:%Y-%m-%d}" for k, v in values.items() if v}


def period_from(form: PeriodForm) -> Period:
    """The period of a valid form."""
    return Period(start=form.cleaned_data.get("start"), end=form.cleaned_data.get("end"))


def _midnight(day: date) -> datetime:
    """The day's start in the school's time zone (``TIME_ZONE``), whoever is looking: the
    days the progress counters are kept by (``courses.progress_counts``)."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())
