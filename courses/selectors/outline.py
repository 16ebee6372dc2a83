"""Reads behind the course, week and lesson pages and the JSON API.

Each function costs a constant number of queries, whatever the number of lessons, cohorts
or students (tests/courses/test_query_counts.py holds them to it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from courses.capacity import CohortSeats
from courses.models import (
    Cohort,
    CoursePage,
    Enrollment,
    EnrollmentStatus,
    LessonPage,
    WeekPage,
)
from courses.schedule import WeekSchedule, cohort_schedule
from courses.tokens import calendar_token
from engine.capacity.services import places_held_subquery

from .access import (
    Access,
    CourseAccess,
    LessonLocation,
    course_access_load,
    lesson_access,
    lesson_location,
)
from .week_dates import cohort_week_dates


@dataclass
class OutlineWeek:
    page: WeekPage
    lessons: list[LessonPage] = field(default_factory=list)
    access: Access | None = None
    released_at: datetime | None = None

    @property
    def number(self) -> int:
        return self.page.number


@dataclass
class CourseOutline:
    course: CoursePage
    weeks: list[OutlineWeek]

    @property
    def lessons(self) -> list[LessonPage]:
        return [lesson for week in self.weeks for lesson in week.lessons]


def course_outline(*, course: CoursePage) -> CourseOutline:
    """The public outline: weeks in order, each with its live lessons (2 queries)."""
    weeks = [
        OutlineWeek(page=week)
        for week in WeekPage.objects.live().child_of(course).order_by("number", "path")
    ]
    by_path = {week.page.path: week for week in weeks}
    lessons = (
        LessonPage.objects.live()
        .descendant_of(course)
        .filter(depth=course.depth + 2)
        .defer_streamfields()
        .order_by("path")
    )
    for lesson in lessons:
        week = by_path.get(lesson.path[: -LessonPage.steplen])
        if week is not None:
            lesson._course_location = LessonLocation(
                course_id=course.pk, week_number=week.number, week_id=week.page.pk
            )
            week.lessons.append(lesson)
    return CourseOutline(course=course, weeks=weeks)


def outline_with_access(*, outline: CourseOutline, state: CourseAccess, now: datetime) -> None:
    """Annotate each week with the policy's answer for this user (no extra queries)."""
    for week in outline.weeks:
        week.access = state.week_access(week.number, now)
        if week.access.cohort is not None:
            week.released_at = state.released_at(week.access.cohort, week.number)


def cohorts_upcoming(*, course: CoursePage, now: datetime) -> list[Cohort]:
    """Classes a buyer can still pick: not started yet, enrollment not closed.

    Each cohort carries ``seats_taken`` and ``seats_left`` (enrollments plus unexpired seat
    holds, as the capacity engine counts them). The course page shows what other apps add
    under each class (prices, a "Buy" button) through ``courses.cohort_panels``, so this
    stays free of payments code.
    """
    cohorts = _with_seats_left(
        Cohort.objects.filter(course=course, start_date__gt=now.date()).filter(
            Q(enrollment_closes_at__isnull=True) | Q(enrollment_closes_at__gt=now)
        ),
        now=now,
    ).order_by("start_date", "pk")
    result = list(cohorts)
    for cohort in result:
        cohort.seats_left = max(cohort.seats_left, 0)
        cohort.is_open = cohort.is_open_for_enrollment(now)
    return result


def cohorts_open_next(*, limit: int = 2, now: datetime) -> list[Cohort]:
    """The next ``limit`` classes anyone can join right now, soonest first, of any course:
    not started, enrollment opened and not closed, at least one seat left (enrollments and
    unexpired holds counted as the capacity engine counts them). The rule behind "the next
    classes open": the dashboard of a student with no class shows them, and the home page
    can use the same. Each class carries ``seats_taken``, ``seats_left`` and its
    ``course``; two queries whatever the number of classes."""
    cohorts = (
        _with_seats_left(
            Cohort.objects.filter(start_date__gt=now.date())
            .filter(Q(enrollment_opens_at__isnull=True) | Q(enrollment_opens_at__lte=now))
            .filter(Q(enrollment_closes_at__isnull=True) | Q(enrollment_closes_at__gt=now)),
            now=now,
        )
        .filter(seats_left__gt=0)
        .select_related("course")
        .order_by("start_date", "pk")[:limit]
    )
    result = list(cohorts)
    for cohort in result:
        cohort.is_open = True
    return result


def _with_seats_left(cohorts, *, now: datetime):
    """``cohorts`` annotated with ``seats_taken`` (active enrollments plus unexpired holds)
    and ``seats_left``."""
    enrolled = (
        Enrollment.objects.filter(cohort=OuterRef("pk"), status=EnrollmentStatus.ACTIVE)
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    held = places_held_subquery(kind=CohortSeats.name, now=now)
    return cohorts.annotate(
        seats_taken=Coalesce(Subquery(enrolled), 0) + held,
        seats_left=F("capacity") - F("seats_taken"),
    )


@dataclass
class CohortCalendar:
    """A student's own class and when each week opens for it."""

    cohort: Cohort
    enrollment: Enrollment
    weeks: list[WeekSchedule]
    has_started: bool = True

    @property
    def first_week_opens_at(self) -> datetime | None:
        """When week 1 opens: what a new student waits for before the class starts."""
        return self.weeks[0].due_at if self.weeks else None


@dataclass
class CoursePageView:
    outline: CourseOutline
    access: CourseAccess
    calendars: list[CohortCalendar]
    upcoming_cohorts: list[Cohort]
    coaches: list
    faqs: list
    calendar_url: str = ""
    open_next: list[Cohort] = field(default_factory=list)


def _calendars(state: CourseAccess, now: datetime) -> list[CohortCalendar]:
    calendars = []
    for enrollment in state.active:
        weeks = cohort_schedule(
            enrollment.cohort,
            overrides=state.overrides.get(enrollment.cohort_id),
            releases=state.releases.get(enrollment.cohort_id),
        )
        # A class has started once its first week is out or due: a future class says
        # "Starts 12 December", never "Started".
        started = bool(weeks) and (weeks[0].is_released or weeks[0].due_at <= now)
        calendars.append(
            CohortCalendar(
                cohort=enrollment.cohort, enrollment=enrollment, weeks=weeks, has_started=started
            )
        )
    return calendars


def course_page_view(*, course: CoursePage, user, now: datetime) -> CoursePageView:
    outline = course_outline(course=course)
    state = course_access_load(user=user, course_id=course.pk)
    outline_with_access(outline=outline, state=state, now=now)
    coaches = [
        item.coach
        for item in course.course_coaches.select_related("coach", "coach__photo").prefetch_related(
            "coach__photo__renditions"
        )
    ]
    faqs = [item.entry for item in course.course_faqs.select_related("entry")]
    calendars = _calendars(state, now)
    return CoursePageView(
        outline=outline,
        access=state,
        calendars=calendars,
        # The student's private calendar feed: "add the dates to your calendar".
        calendar_url=(
            reverse("courses_student:calendar", args=[calendar_token(user_id=user.pk)])
            if calendars
            else ""
        ),
        upcoming_cohorts=cohorts_upcoming(course=course, now=now),
        # The same rule as the home page's "next classes open", for this course.
        open_next=[c for c in cohorts_open_next(limit=2, now=now) if c.course_id == course.pk],
        coaches=coaches,
        faqs=faqs,
    )


@dataclass
class WeekPageView:
    course: CoursePage
    week: OutlineWeek
    access: CourseAccess


def week_page_view(*, week: WeekPage, user, now: datetime) -> WeekPageView:
    course = CoursePage.objects.get(path=week.path[: -WeekPage.steplen])
    state = course_access_load(user=user, course_id=course.pk)
    lessons = list(LessonPage.objects.live().child_of(week).defer_streamfields().order_by("path"))
    outline_week = OutlineWeek(page=week, lessons=lessons)
    outline_week.access = state.week_access(week.number, now)
    if outline_week.access.cohort is not None:
        outline_week.released_at = state.released_at(outline_week.access.cohort, week.number)
    return WeekPageView(course=course, week=outline_week, access=state)


@dataclass(frozen=True)
class PageLink:
    title: str
    url: str
    number: int | None = None  # a week's number


@dataclass(frozen=True)
class LessonChrome:
    """What a lesson page shows around the lesson: the same for every reader until a publish."""

    location: LessonLocation
    course: PageLink
    week: PageLink
    previous: PageLink | None
    next: PageLink | None


@dataclass
class LessonPageView:
    access: Access
    course: PageLink
    week: PageLink
    previous: PageLink | None
    next: PageLink | None


def _lesson_chrome_load(*, lesson: LessonPage, location: LessonLocation, request) -> LessonChrome:
    course = CoursePage.objects.only("pk", "title", "url_path", "path", "depth").get(
        pk=location.course_id
    )
    week = WeekPage.objects.only("pk", "title", "url_path", "path", "depth", "number").get(
        pk=location.week_id
    )
    ordered = list(
        LessonPage.objects.live()
        .descendant_of(course)
        .defer_streamfields()
        .order_by("path")
        .only("pk", "title", "url_path", "path", "depth")
    )
    index = next((i for i, page in enumerate(ordered) if page.pk == lesson.pk), None)
    previous = ordered[index - 1] if index else None
    following = ordered[index + 1] if index is not None and index + 1 < len(ordered) else None

    def link(page, number=None):
        return PageLink(page.title, page.get_url(request), number) if page else None

    return LessonChrome(
        location=location,
        course=link(course),
        week=link(week, week.number),
        previous=link(previous),
        next=link(following),
    )


def lesson_chrome(*, lesson: LessonPage, request=None) -> LessonChrome:
    """Breadcrumb and pager of a lesson, remembered until the lesson or its course is
    published again (``cms.page_cache.page_cache_memo``; 3 queries when not remembered).

    The pager crosses weeks, so the memo also depends on the course: publishing any lesson
    replaces the course's generation (it is an ancestor).
    """
    from cms.page_cache import page_cache_memo

    host = request.get_host() if request is not None else ""
    location = lesson_location(lesson=lesson)
    return page_cache_memo(
        name=f"lesson-chrome|{lesson.pk}|{host}",
        page_ids=[lesson.pk, location.course_id],
        compute=lambda: _lesson_chrome_load(lesson=lesson, location=location, request=request),
    )


def lesson_page_view(*, lesson: LessonPage, user, now: datetime, request=None) -> LessonPageView:
    """The lesson page: shared chrome (remembered) and the policy's answer for ``user``."""
    chrome = lesson_chrome(lesson=lesson, request=request)
    access = lesson_access(user=user, lesson=lesson, now=now)
    return LessonPageView(
        access=access,
        course=chrome.course,
        week=chrome.week,
        previous=chrome.previous,
        next=chrome.next,
    )


@dataclass
class EnrollmentSchedule:
    enrollment: Enrollment
    weeks: list[tuple[WeekSchedule, WeekPage | None]]


def user_enrollment_schedules(*, user) -> list[EnrollmentSchedule]:
    """The user's active enrollments, each with per-week due and release dates (<= 4 queries)."""
    enrollments = list(
        Enrollment.objects.filter(user=user, status=EnrollmentStatus.ACTIVE)
        .select_related("cohort", "cohort__course")
        .order_by("cohort__start_date", "pk")
    )
    dates = cohort_week_dates(cohort_ids=[e.cohort_id for e in enrollments])
    week_pages: dict[tuple[str, int], WeekPage] = {}
    courses = {e.cohort.course.pk: e.cohort.course for e in enrollments}
    if courses:
        query = Q()
        for course in courses.values():
            query |= Q(path__startswith=course.path, depth=course.depth + 1)
        for week in WeekPage.objects.live().filter(query):
            week_pages[(week.path[: -WeekPage.steplen], week.number)] = week
    return [
        EnrollmentSchedule(
            enrollment=enrollment,
            weeks=[
                (row, week_pages.get((enrollment.cohort.course.path, row.number)))
                for row in cohort_schedule(
                    enrollment.cohort,
                    overrides=dates.overridden(enrollment.cohort_id),
                    releases=dates.released(enrollment.cohort_id),
                )
            ],
        )
        for enrollment in enrollments
    ]
