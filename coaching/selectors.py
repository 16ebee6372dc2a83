"""Reads of the journal and of a coach's workspace.

A coach's reach is the classes ``courses.selectors.coaching.cohort_ids_coached_by`` names,
nothing else: every coach read here starts from that set, so the pages and the API show a
coach only their own classes. Each read runs in a constant number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from coaching.models import EntryStatus, JournalEntry, JournalIteration
from community.discussions.models import Thread
from courses.models import WEEKS_PER_COURSE, Cohort, Enrollment, EnrollmentStatus
from courses.selectors.coaching import cohort_ids_coached_by


def _with_iterations(entries: QuerySet) -> QuerySet:
    return entries.prefetch_related(
        Prefetch("iterations", queryset=JournalIteration.objects.select_related("feedback_by"))
    )


def journal_entries_for_student(*, user, course_id: int) -> list[JournalEntry]:
    """The student's entries of one course, week by week, with every iteration (2 queries).

    Read by user and course, not by class, so a transfer changes nothing here."""
    return list(
        _with_iterations(
            JournalEntry.objects.filter(user=user, course_id=course_id).select_related("cohort")
        ).order_by("week_number")
    )


@dataclass(frozen=True)
class WeekJournal:
    entry: JournalEntry | None
    iterations: list[JournalIteration]  # oldest first, the draft included


def journal_entry_for_week(*, user, course_id: int, week_number: int) -> WeekJournal:
    """The student's entry of one week with its iterations and each coach's name, in one
    query (the entry joined to its iterations; a row of empty iteration columns when it has
    none), for the panel under every lesson with an exercise."""
    entry_fields = JournalEntry._meta.concrete_fields
    iteration_fields = JournalIteration._meta.concrete_fields
    coach = ("first_name", "last_name")
    rows = (
        JournalEntry.objects.filter(user=user, course_id=course_id, week_number=week_number)
        .order_by("iterations__number")
        .values_list(
            *(f.attname for f in entry_fields),
            *(f"iterations__{f.name}" for f in iteration_fields),
            *(f"iterations__feedback_by__{name}" for name in coach),
        )
    )
    entry, iterations = None, []
    entry_names = [f.attname for f in entry_fields]
    iteration_names = [f.attname for f in iteration_fields]
    split = len(entry_names), len(entry_names) + len(iteration_names)
    for row in rows:  # each row: the entry's columns, one iteration's, its coach's name
        if entry is None:
            entry = JournalEntry(**dict(zip(entry_names, row[: split[0]], strict=True)))
        fields = dict(zip(iteration_names, row[split[0] : split[1]], strict=True))
        names = dict(zip(coach, row[split[1] :], strict=True))
        if fields["id"] is None:  # an entry with no iteration yet
            continue
        iteration = JournalIteration(**fields)
        iteration.entry = entry
        if iteration.feedback_by_id is not None:
            iteration.feedback_by = get_user_model()(pk=iteration.feedback_by_id, **names)
        iterations.append(iteration)
    return WeekJournal(entry=entry, iterations=iterations)


def student_active_enrollment(*, user, course_id: int | None = None) -> Enrollment | None:
    """The student's current place (latest active enrollment), of a course if given."""
    if not user.is_authenticated:
        return None
    enrollments = Enrollment.objects.filter(user=user, status=EnrollmentStatus.ACTIVE)
    if course_id is not None:
        enrollments = enrollments.filter(cohort__course_id=course_id)
    return enrollments.select_related("cohort__course").order_by("-created_at", "-pk").first()


def coach_cohorts(*, user) -> list[Cohort]:
    return list(
        Cohort.objects.filter(pk__in=cohort_ids_coached_by(user))
        .select_related("course")
        .order_by("-start_date", "pk")
    )


def coach_entries_waiting(*, user) -> list[JournalEntry]:
    """Entries of the coach's classes whose latest submission waits for feedback."""
    return list(
        _with_iterations(
            JournalEntry.objects.filter(
                cohort_id__in=cohort_ids_coached_by(user), status=EntryStatus.SUBMITTED
            ).select_related("user", "cohort")
        ).order_by("updated_at", "pk")
    )


def coach_entry(*, user, entry_id: int) -> JournalEntry | None:
    """One entry, if it belongs to a class this person coaches (else None)."""
    return _with_iterations(
        JournalEntry.objects.filter(
            pk=entry_id, cohort_id__in=cohort_ids_coached_by(user)
        ).select_related("user", "cohort", "course")
    ).first()


@dataclass
class StudentWeeks:
    enrollment: Enrollment
    weeks: list[str | None] = field(default_factory=list)  # entry status per week, or None


def cohort_progress(*, cohort: Cohort) -> list[StudentWeeks]:
    """Each active student of the class and their journal status week by week (2 queries)."""
    enrollments = list(
        Enrollment.objects.filter(cohort=cohort, status=EnrollmentStatus.ACTIVE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    statuses: dict[int, dict[int, str]] = defaultdict(dict)
    for user_id, week, status in JournalEntry.objects.filter(
        course_id=cohort.course_id, user_id__in=[e.user_id for e in enrollments]
    ).values_list("user_id", "week_number", "status"):
        statuses[user_id][week] = status
    return [
        StudentWeeks(
            enrollment=enrollment,
            weeks=[statuses[enrollment.user_id].get(n) for n in range(1, WEEKS_PER_COURSE + 1)],
        )
        for enrollment in enrollments
    ]


def coach_threads_unanswered(*, user, limit: int = 30) -> list[Thread]:
    """Visible threads of the coach's classes that no coach has answered yet, oldest activity
    first so the longest wait is on top (1 query)."""
    return list(
        Thread.objects.filter(
            cohort_id__in=cohort_ids_coached_by(user), answered=False, hidden=False
        )
        .select_related("lesson", "author", "cohort")
        .order_by("last_activity_at", "pk")[:limit]
    )
