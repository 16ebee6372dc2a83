"""When a week's journal entry is due: the end of that week in the class's time zone.

Week N of a class runs for seven local days from ``start_date + 7(N-1)``; its entry is due at
local midnight ending the seventh day, so "Sunday night in Berlin" stays Sunday night across
a daylight-saving change. Staff may move one week of one class (``JournalDueOverride``).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from coaching.models import JournalDueOverride
from courses.models import Cohort


def journal_week_end(*, cohort: Cohort, week_number: int) -> datetime:
    """The UTC instant week ``week_number`` of ``cohort`` ends (local midnight)."""
    local_day = cohort.start_date + timedelta(days=7 * week_number)
    return datetime.combine(local_day, time(0), tzinfo=cohort.tz).astimezone(UTC)


def journal_due_at(*, cohort: Cohort, week_number: int) -> datetime:
    """The due instant of the week's entry, honouring a staff override (1 query)."""
    override = (
        JournalDueOverride.objects.filter(cohort=cohort, week_number=week_number)
        .values_list("due_at", flat=True)
        .first()
    )
    return override or journal_week_end(cohort=cohort, week_number=week_number)
