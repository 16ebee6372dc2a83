"""When the weeks of some classes were released, and which weeks staff moved.

Every schedule a page, the API, the dashboard, the calendar feed or the release job shows is
computed from the same two facts per class: its ``WeekRelease`` rows (a week is open once its
row exists) and its ``WeekScheduleOverride`` rows (a staff date for one week replaces the
computed one, ``courses.schedule.cohort_week_due_at``). This loads both for many classes at
once, in two queries whatever their number.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

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
    """Releases and overrides of the classes ``cohort_ids`` (2 queries, none for no class)."""
    ids = list(dict.fromkeys(cohort_ids))
    dates = CohortWeekDates()
    if not ids:
        return dates
    for cohort_id, week, released_at in WeekRelease.objects.filter(cohort_id__in=ids).values_list(
        "cohort_id", "week_number", "released_at"
    ):
        dates.releases.setdefault(cohort_id, {})[week] = released_at
    for cohort_id, week, due_at in WeekScheduleOverride.objects.filter(
        cohort_id__in=ids
    ).values_list("cohort_id", "week_number", "due_at"):
        dates.overrides.setdefault(cohort_id, {})[week] = due_at
    return dates
