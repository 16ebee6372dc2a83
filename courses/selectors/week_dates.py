"""When the weeks of some classes were released, and which weeks staff moved.

Every schedule a page, the API, the dashboard, the calendar feed or the release job shows is
computed from the same two facts per class: its ``WeekRelease`` rows (a week is open once its
row exists) and its ``WeekScheduleOverride`` rows (a staff date for one week replaces the
computed one, ``courses.schedule.cohort_week_due_at``). This loads both for many classes at
once, in one query (a ``UNION ALL``) whatever their number.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import IntegerField, Value

from courses.models import WeekRelease, WeekScheduleOverride

WeekInstants = dict[int, datetime]  # week number -> instant


@dataclass(frozen=True)
class CohortWeekDates:
    """Per class id: when each released week was released, and each overridden week's date."""

    releases: dict[int, WeekInstants] = field(default_factory=dict)
    overrides: dict[int, WeekInstants] = field(default_factory=dict)

    def released(self, cohort_id: int) -> WeekInstants:
        return self.releases.get(cohort_id, {})

    def overridden(self, cohort_id: int) -> WeekInstants:
        return self.overrides.get(cohort_id, {})


def cohort_week_dates(*, cohort_ids: Iterable[int]) -> CohortWeekDates:
    """Releases and overrides of the classes ``cohort_ids`` (1 query, none for no class)."""
    ids = list(dict.fromkeys(cohort_ids))
    dates = CohortWeekDates()
    if not ids:
        return dates
    releases = (
        WeekRelease.objects.filter(cohort_id__in=ids)
        .order_by()
        .annotate(kind=Value(_RELEASE, output_field=IntegerField()))
        .values_list("cohort_id", "week_number", "released_at", "kind")
    )
    overrides = (
        WeekScheduleOverride.objects.filter(cohort_id__in=ids)
        .order_by()
        .annotate(kind=Value(_OVERRIDE, output_field=IntegerField()))
        .values_list("cohort_id", "week_number", "due_at", "kind")
    )
    for cohort_id, week, instant, kind in releases.union(overrides, all=True):
        target = dates.releases if kind == _RELEASE else dates.overrides
        target.setdefault(cohort_id, {})[week] = instant
    return dates


_RELEASE, _OVERRIDE = 0, 1
