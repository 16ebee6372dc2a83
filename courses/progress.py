"""Progress: mark lessons done, and the student dashboard's read of it.

``lesson_progress_set`` is the one write (page button and API both call it); it goes through
the access policy, so a lesson is only marked done once its week is open for the student.
``dashboard_load`` reads everything the dashboard shows in a constant number of queries,
whatever the number of lessons, weeks, classes or other students
(tests/courses/test_dashboard_queries.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q

from cms.page_cache import page_cache_memo
from courses.models import (
    Certificate,
    CoursePage,
    Enrollment,
    EnrollmentStatus,
    LessonPage,
    LessonProgress,
    WeekPage,
)
from courses.progress_counts import (
    enrollment_progress_summarise,
    lesson_done_counts_add,
)
from courses.schedule import cohort_schedule
from courses.selectors import Access, cohort_week_dates, lesson_access


class LessonClosed(Exception):
    """The student may not open this lesson (not released, not enrolled, ended)."""

    def __init__(self, message: str, access: Access | None = None):
        super().__init__(message)
        self.message = message
        self.access = access


def lesson_progress_set(*, user, lesson: LessonPage, done: bool, now: datetime) -> Enrollment:
    """Mark ``lesson`` done (or not) for the enrollment that opens it; returns that enrollment.

    Idempotent through the unique ``(enrollment, lesson)``. Finishing the course issues the
    certificate (``courses.certificates``) in the same transaction.
    """
    from courses.certificates import certificate_issue_if_complete

    access = lesson_access(user=user, lesson=lesson, now=now)
    if not access.allowed:
        raise LessonClosed(access.message, access)
    if access.cohort is None:  # staff preview: nothing to track
        raise LessonClosed("Only students of a class can mark a lesson done.", access)
    with transaction.atomic():
        # The place's row lock serialises two clicks of the same student, so the progress
        # summaries (``courses.progress_counts``) move once per row written.
        enrollment = Enrollment.objects.select_for_update().get(
            user=user, cohort=access.cohort, status=EnrollmentStatus.ACTIVE
        )
        lesson_progress_record(enrollment=enrollment, lesson=lesson, done=done, now=now)
        if done:
            certificate_issue_if_complete(enrollment=enrollment, now=now)
    return enrollment


@transaction.atomic
def lesson_progress_record(
    *, enrollment: Enrollment, lesson: LessonPage, done: bool, now: datetime
) -> bool:
    """Write (or remove) one progress row of ``enrollment`` with its summaries; True if
    anything changed. No access check: ``lesson_progress_set`` asks the policy first (an
    import or a test fixture may record any place's history). One transaction; hold the
    enrollment's row lock around it when others may write the same place."""
    if done:
        _, changed = LessonProgress.objects.get_or_create(
            enrollment=enrollment, lesson=lesson, defaults={"completed_at": now}
        )
    else:
        changed = bool(
            LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson).delete()[0]
        )
    if changed:
        lesson_done_counts_add(
            cohort_id=enrollment.cohort_id,
            created_at=enrollment.created_at,
            lesson_ids=[lesson.pk],
            delta=1 if done else -1,
        )
        enrollment_progress_summarise(enrollment_id=enrollment.pk)
    return changed


def enrollment_progress_move(*, old: Enrollment, new: Enrollment) -> int:
    """A transfer: the student's finished lessons follow them (same course, same lessons).

    Called with ``old`` already marked transferred: its lessons leave the counters of its
    class, the ones that move join the new class's, and both places are summarised again.
    """
    already = LessonProgress.objects.filter(enrollment=new).values("lesson_id")
    moving = list(
        LessonProgress.objects.filter(enrollment=old)
        .exclude(lesson_id__in=already)
        .values_list("lesson_id", flat=True)
    )
    lesson_done_counts_add(
        cohort_id=old.cohort_id,
        created_at=old.created_at,
        lesson_ids=LessonProgress.objects.filter(enrollment=old).values_list(
            "lesson_id", flat=True
        ),
        delta=-1,
    )
    moved = LessonProgress.objects.filter(enrollment=old, lesson_id__in=moving).update(
        enrollment=new
    )
    lesson_done_counts_add(
        cohort_id=new.cohort_id, created_at=new.created_at, lesson_ids=moving, delta=1
    )
    for enrollment in (old, new):
        enrollment_progress_summarise(enrollment_id=enrollment.pk)
    return moved


def lesson_done_for(*, user, lesson: LessonPage) -> bool:
    return LessonProgress.objects.filter(
        enrollment__user=user, enrollment__status=EnrollmentStatus.ACTIVE, lesson=lesson
    ).exists()


@dataclass
class LessonRow:
    lesson: LessonPage
    done: bool
    open: bool
    done_at: datetime | None = None


@dataclass
class WeekRow:
    number: int
    page: WeekPage | None
    due_at: datetime
    released_at: datetime | None
    lessons: list[LessonRow] = field(default_factory=list)

    @property
    def is_released(self) -> bool:
        return self.released_at is not None

    @property
    def done(self) -> int:
        return sum(row.done for row in self.lessons)

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.lessons)) if self.lessons else 0


@dataclass
class EnrollmentProgress:
    enrollment: Enrollment
    weeks: list[WeekRow]
    continue_lesson: LessonPage | None
    certificate: Certificate | None
    last_done_at: datetime | None = None

    @property
    def cohort(self):
        return self.enrollment.cohort

    @property
    def course(self):
        return self.enrollment.cohort.course

    @property
    def total(self) -> int:
        return sum(len(week.lessons) for week in self.weeks)

    @property
    def done(self) -> int:
        return sum(week.done for week in self.weeks)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def dashboard_load(*, user, now: datetime) -> list[EnrollmentProgress]:
    """The user's active classes with per-week progress (3 queries, whatever the sizes, once
    the courses' pages are remembered; see ``courses_pages``).

    The dashboard page and ``GET /api/v1/me/dashboard/`` both show this.
    """
    return _progress_load(
        Enrollment.objects.filter(user=user, status=EnrollmentStatus.ACTIVE).order_by(
            "cohort__start_date", "pk"
        )
    )


def enrollment_progress_load(*, enrollment: Enrollment) -> EnrollmentProgress:
    """One enrollment's progress, read the same way the dashboard reads it."""
    (progress,) = _progress_load(Enrollment.objects.filter(pk=enrollment.pk))
    return progress


def enrollments_progress_load(*, enrollment_ids: Iterable[int]) -> dict[int, EnrollmentProgress]:
    """Several students' progress by enrollment id (a team page), in the dashboard's constant
    number of queries, whatever the number of students."""
    progress = _progress_load(Enrollment.objects.filter(pk__in=list(enrollment_ids)))
    return {row.enrollment.pk: row for row in progress}


def enrollments_followed(*, enrollment_ids: Iterable[int]) -> dict[int, int]:
    """Where each enrollment's place lives now: its own id, or, if the student was transferred
    (perhaps more than once), the id of the enrollment they moved to. One query per hop of the
    longest chain, whatever the number of enrollments (one query when nobody moved)."""
    current = {pk: pk for pk in enrollment_ids}
    frontier = {pk: [pk] for pk in current}  # enrollment to look at -> originals it stands for
    seen = set(frontier)
    while frontier:
        hops = Enrollment.objects.filter(
            pk__in=list(frontier),
            status=EnrollmentStatus.TRANSFERRED,
            transferred_to__isnull=False,
        ).values_list("pk", "transferred_to_id")
        following: dict[int, list[int]] = {}
        for pk, moved_to in hops:
            if moved_to in seen:
                continue  # a loop in the data: stop where we are
            seen.add(moved_to)
            for original in frontier[pk]:
                current[original] = moved_to
            following.setdefault(moved_to, []).extend(frontier[pk])
        frontier = following
    return current


def enrollment_has_started(*, enrollment_id: int) -> bool:
    """Whether the student has marked any lesson done in this place (one query)."""
    return LessonProgress.objects.filter(enrollment_id=enrollment_id).exists()


def _progress_load(queryset) -> list[EnrollmentProgress]:
    enrollments = list(queryset.select_related("cohort", "cohort__course", "certificate"))
    if not enrollments:
        return []
    dates = cohort_week_dates(cohort_ids=[e.cohort_id for e in enrollments])
    courses = {e.cohort.course.pk: e.cohort.course for e in enrollments}
    week_pages, lessons_by_week = courses_pages(courses=list(courses.values()))
    done: dict[int, dict[int, datetime]] = defaultdict(dict)
    for enrollment_id, lesson_id, completed_at in LessonProgress.objects.filter(
        enrollment__in=enrollments
    ).values_list("enrollment_id", "lesson_id", "completed_at"):
        done[enrollment_id][lesson_id] = completed_at
    by_course_number = {
        (path[: -WeekPage.steplen], week.number): week for path, week in week_pages.items()
    }
    result = []
    for enrollment in enrollments:
        course = enrollment.cohort.course
        finished = done[enrollment.pk]
        weeks = []
        for row in cohort_schedule(
            enrollment.cohort,
            overrides=dates.overridden(enrollment.cohort_id),
            releases=dates.released(enrollment.cohort_id),
        ):
            page = by_course_number.get((course.path, row.number))
            lessons = lessons_by_week.get(page.path, []) if page else []
            weeks.append(
                WeekRow(
                    number=row.number,
                    page=page,
                    due_at=row.due_at,
                    released_at=row.released_at,
                    lessons=[
                        LessonRow(
                            lesson=lesson,
                            done=lesson.pk in finished,
                            open=row.is_released,
                            done_at=finished.get(lesson.pk),
                        )
                        for lesson in lessons
                    ],
                )
            )
        result.append(
            EnrollmentProgress(
                enrollment=enrollment,
                weeks=weeks,
                continue_lesson=continue_lesson(weeks=weeks, finished=finished),
                certificate=getattr(enrollment, "certificate", None),
                last_done_at=max(finished.values(), default=None),
            )
        )
    return result


def courses_pages(
    *, courses: list[CoursePage]
) -> tuple[dict[str, WeekPage], dict[str, list[LessonPage]]]:
    """The courses' live weeks by path and live lessons by week path (bodies deferred), in
    tree order: 2 queries, remembered until a page of one of the courses is published,
    unpublished or moved (each of those replaces its course's page-cache generation, an
    ancestor's; ``cms.page_cache.page_cache_memo``), so a warm dashboard reads none."""
    if not courses:
        return {}, {}
    ids = sorted(course.pk for course in courses)
    return page_cache_memo(
        name="courses-pages|" + ",".join(map(str, ids)),
        page_ids=ids,
        compute=lambda: _courses_pages_load(courses),
    )


def _courses_pages_load(
    courses: list[CoursePage],
) -> tuple[dict[str, WeekPage], dict[str, list[LessonPage]]]:
    weeks_query, lessons_query = Q(), Q()
    for course in courses:
        weeks_query |= Q(path__startswith=course.path, depth=course.depth + 1)
        lessons_query |= Q(path__startswith=course.path, depth=course.depth + 2)
    week_pages = {
        week.path: week for week in WeekPage.objects.live().filter(weeks_query).order_by("path")
    }
    lessons_by_week: dict[str, list[LessonPage]] = defaultdict(list)
    for lesson in (
        LessonPage.objects.live().filter(lessons_query).defer_streamfields().order_by("path")
    ):
        lessons_by_week[lesson.path[: -LessonPage.steplen]].append(lesson)
    return week_pages, dict(lessons_by_week)


def continue_lesson(*, weeks: list[WeekRow], finished: dict[int, datetime]) -> LessonPage | None:
    """The first open, unfinished lesson after the one finished last; else the first open,
    unfinished lesson from the start; None when everything open is done."""
    rows = [row for week in weeks for row in week.lessons]
    last_index = -1
    if finished:
        last_id = max(finished, key=lambda lesson_id: finished[lesson_id])
        last_index = next((i for i, r in enumerate(rows) if r.lesson.pk == last_id), -1)
    for row in rows[last_index + 1 :] + rows[: last_index + 1]:
        if row.open and not row.done:
            return row.lesson
    return None
