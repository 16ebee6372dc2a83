"""The Kata journal's column on a team's progress (``payments.teams.progress_columns``):
whether each member submitted the journal entry of the latest week open to them.

An entry belongs to the student and the course (not the class), so a member moved to another
class is read the same way. One query for the whole team.
"""

from __future__ import annotations

from django.db.models import Q

from coaching.models import EntryStatus, JournalEntry
from payments.teams.progress_columns import MemberWeek, ProgressCell

SUBMITTED = "submitted"
NOT_SUBMITTED = "not_submitted"
# An entry a coach answered was submitted too; a draft was not.
_SUBMITTED_STATUSES = {EntryStatus.SUBMITTED, EntryStatus.ACCEPTED, EntryStatus.REVISE}


def kata_this_week_cells(members: list[MemberWeek]) -> dict[int, ProgressCell]:
    asked = [member for member in members if member.week_number is not None]
    statuses: dict[tuple[int, int, int], str] = {}
    if asked:
        wanted = Q()
        for member in asked:
            wanted |= Q(
                user_id=member.user_id,
                course_id=member.course_id,
                week_number=member.week_number,
            )
        statuses = {
            (user_id, course_id, week): status
            for user_id, course_id, week, status in JournalEntry.objects.filter(wanted).values_list(
                "user_id", "course_id", "week_number", "status"
            )
        }
    cells: dict[int, ProgressCell] = {}
    for member in members:
        if member.week_number is None:
            cells[member.user_id] = ProgressCell(value="", label="No week open yet")
            continue
        status = statuses.get((member.user_id, member.course_id, member.week_number))
        if status in _SUBMITTED_STATUSES:
            cells[member.user_id] = ProgressCell(
                value=SUBMITTED, label=f"Week {member.week_number}: submitted"
            )
        else:
            cells[member.user_id] = ProgressCell(
                value=NOT_SUBMITTED, label=f"Week {member.week_number}: not yet"
            )
    return cells
