"""THE access policy: may this user see this lesson (or download its files) now?

One decision, ``CourseAccess.week_access``, answers for every surface: the lesson page, the
JSON API, takeaway and video downloads, and Wagtail's own document URL (``wagtail_hooks``).
Never re-implement it in a template or a view (docs/architecture.md, "The access policy").

Rules, first match wins:

1. anonymous -> ``anonymous`` (the outline and a call to enrol);
2. people who can use the Wagtail admin (editors, staff, superusers) -> ``staff_preview``;
3. an active enrollment in the course whose cohort has a ``WeekRelease`` for the lesson's
   week -> ``granted``;
4. an active enrollment but no release yet -> ``not_released_yet`` with the due date;
5. only refunded or transferred enrollments -> ``revoked``;
6. otherwise -> ``not_enrolled``.

Then, for one lesson (``lesson_access``): a lesson kept for a tier's entitlement
(``courses.entitlements.GatedLesson``, e.g. executive-only) granted by rule 3 becomes
``not_in_tier`` unless one of the student's active enrollments is in a tier that includes
it (one more query, only for a granted student; two for a gated lesson).

Loading costs two queries whatever the size of the course, the class or the school: the
enrollments (which also answer rule 2 for anyone enrolled) and the releases and overrides of
their classes; a user with no enrollment pays one more for rule 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef

from wagtail.models import Page

from cms.admin_access import user_can_use_admin
from cms.page_cache import page_cache_memo
from courses.models import (
    Cohort,
    Enrollment,
    EnrollmentStatus,
    LessonPage,
    LessonProgress,
    WeekPage,
)
from courses.schedule import cohort_week_due_at

from .week_dates import cohort_week_dates


class AccessReason(StrEnum):
    ANONYMOUS = "anonymous"
    NOT_ENROLLED = "not_enrolled"
    NOT_RELEASED_YET = "not_released_yet"
    REVOKED = "revoked"
    STAFF_PREVIEW = "staff_preview"
    GRANTED = "granted"
    NOT_IN_TIER = "not_in_tier"


_MESSAGES = {
    AccessReason.ANONYMOUS: "Sign in or enrol in a class to open this lesson.",
    AccessReason.NOT_ENROLLED: "This lesson is for students of a class. Enrol to open it.",
    AccessReason.NOT_RELEASED_YET: "This week has not opened for your class yet.",
    AccessReason.REVOKED: "Your enrollment has ended, so this lesson is closed to you.",
    AccessReason.STAFF_PREVIEW: "Staff preview: students see this once the week is released.",
    AccessReason.GRANTED: "",
    AccessReason.NOT_IN_TIER: (
        "This lesson is for Executive-tier students: your enrollment's tier does not include "
        "executive-only lessons and files."
    ),
}


@dataclass(frozen=True)
class Access:
    """The policy's answer: a reason, and for ``not_released_yet`` when the week opens."""

    reason: AccessReason
    available_at: datetime | None = None
    cohort: Cohort | None = None
    #: For a granted lesson (``lesson_access``): has the student marked it done? Read with
    #: the enrollments, so the lesson page's progress button costs no query of its own.
    done: bool | None = field(default=None, compare=False)

    @property
    def allowed(self) -> bool:
        return self.reason in (AccessReason.GRANTED, AccessReason.STAFF_PREVIEW)

    @property
    def message(self) -> str:
        return _MESSAGES[self.reason]

    def as_dict(self) -> dict:
        return {
            "allowed": self.allowed,
            "reason": str(self.reason),
            "message": self.message,
            "available_at": self.available_at,
        }


def user_can_preview_lessons(user) -> bool:
    """Editors and staff who can use the Wagtail admin see every lesson, released or not."""
    return user_can_use_admin(user)


@dataclass
class CourseAccess:
    """Everything the policy needs about one user and one course, loaded once."""

    user: object
    is_previewer: bool = False
    active: list[Enrollment] = field(default_factory=list)
    has_ended_enrollment: bool = False
    releases: dict[int, dict[int, datetime]] = field(default_factory=dict)  # cohort -> week
    overrides: dict[int, dict[int, datetime]] = field(default_factory=dict)
    #: ``course_access_load(done_lesson_id=...)``: has the user marked that lesson done?
    lesson_done: bool = False

    @property
    def is_anonymous(self) -> bool:
        return not getattr(self.user, "is_authenticated", False)

    def week_access(self, week_number: int, now: datetime) -> Access:
        """The single decision. ``now`` is explicit so tests and jobs control time."""
        if self.is_anonymous:
            return Access(AccessReason.ANONYMOUS)
        if self.is_previewer:
            return Access(AccessReason.STAFF_PREVIEW)
        if self.active:
            for enrollment in self.active:
                if week_number in self.releases.get(enrollment.cohort_id, {}):
                    return Access(AccessReason.GRANTED, cohort=enrollment.cohort)
            due = [
                (self.due_at(enrollment.cohort, week_number), enrollment.cohort)
                for enrollment in self.active
            ]
            available_at, cohort = min(due, key=lambda pair: pair[0])
            return Access(AccessReason.NOT_RELEASED_YET, available_at=available_at, cohort=cohort)
        if self.has_ended_enrollment:
            return Access(AccessReason.REVOKED)
        return Access(AccessReason.NOT_ENROLLED)

    def due_at(self, cohort: Cohort, week_number: int) -> datetime:
        return cohort_week_due_at(cohort, week_number, self.overrides.get(cohort.pk))

    def released_at(self, cohort: Cohort, week_number: int) -> datetime | None:
        return self.releases.get(cohort.pk, {}).get(week_number)

    @property
    def cohorts(self) -> list[Cohort]:
        return [enrollment.cohort for enrollment in self.active]


def lesson_done_exists(user_id, lesson_id: int) -> Exists:
    """``EXISTS``: the user marked the lesson done in an active enrollment (what
    ``courses.progress.lesson_done_for`` asks), for annotating rows already being read."""
    return Exists(
        LessonProgress.objects.filter(
            enrollment__user_id=user_id,
            enrollment__status=EnrollmentStatus.ACTIVE,
            lesson_id=lesson_id,
        )
    )


def course_access_load(*, user, course_id: int, done_lesson_id: int | None = None) -> CourseAccess:
    """Load the user's enrollments, releases and overrides for one course (2 queries).

    Rule 2 (editors and staff) comes first: who may use the admin is remembered per user
    (``cms.admin_access``; one more query when it is not). With ``done_lesson_id`` the
    enrollment rows also say whether the user marked that lesson done.
    """
    user = user or AnonymousUser()
    state = CourseAccess(user=user)
    if state.is_anonymous:
        return state
    state.is_previewer = user_can_preview_lessons(user)
    if state.is_previewer:
        return state
    rows = (
        Enrollment.objects.filter(user=user, cohort__course_id=course_id)
        .select_related("cohort")
        .order_by("cohort__start_date", "pk")
    )
    if done_lesson_id is not None:
        rows = rows.annotate(lesson_done=lesson_done_exists(OuterRef("user_id"), done_lesson_id))
    enrollments = list(rows)
    if enrollments:
        state.lesson_done = bool(getattr(enrollments[0], "lesson_done", False))
    state.active = [e for e in enrollments if e.status == EnrollmentStatus.ACTIVE]
    state.has_ended_enrollment = any(e.status != EnrollmentStatus.ACTIVE for e in enrollments)
    dates = cohort_week_dates(cohort_ids=[e.cohort_id for e in state.active])
    state.releases, state.overrides = dates.releases, dates.overrides
    return state


@dataclass(frozen=True)
class LessonLocation:
    course_id: int
    week_number: int
    week_id: int


def lesson_location(*, lesson: LessonPage) -> LessonLocation:
    """Where a lesson sits: its course and week, read from the page tree's path.

    Two queries, remembered until the lesson is published, moved or unpublished again
    (``cms.page_cache.page_cache_memo``), so the pages, the API and downloads pay none.
    """
    cached = getattr(lesson, "_course_location", None)
    if cached is not None:
        return cached
    location = page_cache_memo(
        name=f"lesson-location|{lesson.pk}",
        page_ids=[lesson.pk],
        compute=lambda: _lesson_location_load(lesson),
    )
    lesson._course_location = location
    return location


def _lesson_location_load(lesson: LessonPage) -> LessonLocation:
    step = Page.steplen
    week_path, course_path = lesson.path[:-step], lesson.path[: -2 * step]
    week_id, number = WeekPage.objects.filter(path=week_path).values_list("pk", "number").get()
    course_id = Page.objects.filter(path=course_path).values_list("pk", flat=True).get()
    return LessonLocation(course_id=course_id, week_number=number, week_id=week_id)


def lesson_access(*, user, lesson: LessonPage, now: datetime) -> Access:
    """May ``user`` see ``lesson``'s body, video, transcript and takeaways at ``now``?"""
    location = lesson_location(lesson=lesson)
    state = course_access_load(user=user, course_id=location.course_id, done_lesson_id=lesson.pk)
    access = state.week_access(location.week_number, now)
    if access.reason == AccessReason.GRANTED:
        return replace(_tier_access(state, lesson, access), done=state.lesson_done)
    return access


def _tier_access(state: CourseAccess, lesson: LessonPage, access: Access) -> Access:
    """Rule 7: a tier-only lesson needs an active enrollment in a tier that includes it."""
    from courses.entitlements.selectors import lesson_required_entitlement, tiers_granting

    required = lesson_required_entitlement(lesson_id=lesson.pk)
    if not required:
        return access
    granting = tiers_granting(kind=required)
    if any(enrollment.tier in granting for enrollment in state.active):
        return access
    return Access(AccessReason.NOT_IN_TIER, cohort=access.cohort)


# --- Discussions: who may read, post in and moderate a class's discussion of a lesson --------


@dataclass(frozen=True)
class DiscussionAccess:
    """The policy's answer for one class's discussion of one lesson.

    ``can_read``: see the threads; ``can_post``: start threads, reply, like, follow, report;
    ``can_moderate``: pin, mark the coach's answer, close and hide (coaches and staff).
    """

    can_read: bool = False
    can_post: bool = False
    can_moderate: bool = False
    reason: str = ""

    @property
    def message(self) -> str:
        return _DISCUSSION_MESSAGES.get(self.reason, "")


_DISCUSSION_MESSAGES = {
    "anonymous": "Sign in to join your class's discussion.",
    "not_in_class": "This discussion belongs to another class.",
    "not_released_yet": "This week has not opened for the class yet.",
    "revoked": "Your enrollment has ended, so this discussion is closed to you.",
    "transferred": "You have moved to another class: this discussion is read-only for you.",
}


def discussion_access(
    *, user, cohort: Cohort, lesson: LessonPage, now: datetime
) -> DiscussionAccess:
    """May ``user`` read / post in / moderate ``cohort``'s discussion of ``lesson`` at ``now``?

    Rules, first match wins: anonymous -> nothing; staff (Wagtail admin users) -> everything;
    the class's coaches (``courses.selectors.coaching``) -> everything; an active student of
    the class -> read and post once the lesson's week is released for the class; a student
    transferred out of the class who is still active in the course -> read-only, same release
    condition; anyone else (refunded, another class, not enrolled) -> nothing. At most four
    queries whatever the size of the class.
    """
    from courses.selectors.coaching import user_coaches_cohort

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return DiscussionAccess(reason="anonymous")
    location = lesson_location(lesson=lesson)
    if cohort.course_id != location.course_id:
        return DiscussionAccess(reason="not_in_class")
    if user_can_preview_lessons(user) or user_coaches_cohort(user, cohort.pk):
        return DiscussionAccess(can_read=True, can_post=True, can_moderate=True)
    statuses = {
        (cohort_id, status)
        for cohort_id, status in Enrollment.objects.filter(
            user=user, cohort__course_id=location.course_id
        ).values_list("cohort_id", "status")
    }
    active_here = (cohort.pk, EnrollmentStatus.ACTIVE) in statuses
    transferred_here = (cohort.pk, EnrollmentStatus.TRANSFERRED) in statuses
    active_elsewhere = any(status == EnrollmentStatus.ACTIVE for _, status in statuses)
    if not active_here and not (transferred_here and active_elsewhere):
        ended_here = any(cohort_id == cohort.pk for cohort_id, _ in statuses)
        return DiscussionAccess(reason="revoked" if ended_here else "not_in_class")
    released = location.week_number in cohort_week_dates(cohort_ids=[cohort.pk]).releases.get(
        cohort.pk, {}
    )
    if not released:
        return DiscussionAccess(reason="not_released_yet")
    if active_here:
        return DiscussionAccess(can_read=True, can_post=True)
    return DiscussionAccess(can_read=True, reason="transferred")


def discussion_cohort_ids_readable(*, user, course_id: int, week_number: int) -> list[int]:
    """The classes whose discussion of a week-``week_number`` lesson ``user`` may read, for
    pages that list them (an active class first, then classes transferred out of); staff and
    coaches get every class they moderate through ``discussion_access`` itself."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = list(
        Enrollment.objects.filter(
            user=user,
            cohort__course_id=course_id,
            status__in=[EnrollmentStatus.ACTIVE, EnrollmentStatus.TRANSFERRED],
        ).values_list("cohort_id", "status")
    )
    if not any(status == EnrollmentStatus.ACTIVE for _, status in rows):
        return []
    releases = cohort_week_dates(cohort_ids=[cohort_id for cohort_id, _ in rows]).releases
    ordered = sorted(rows, key=lambda row: row[1] != EnrollmentStatus.ACTIVE)
    return [cid for cid, _ in ordered if week_number in releases.get(cid, {})]


def discussion_access_for_lesson_reader(
    *, user, cohort: Cohort, lesson: LessonPage, lesson_access: Access, now: datetime
) -> DiscussionAccess:
    """``discussion_access`` for a reader whose lesson access is already known (the lesson
    page): a student granted the lesson through ``cohort`` is an active student of that class
    with the week released, so they read and post without asking again. Everyone else
    (staff, coaches, a transferred student reading the old class) is asked in full."""
    if lesson_access.reason == AccessReason.GRANTED and lesson_access.cohort == cohort:
        return DiscussionAccess(can_read=True, can_post=True)
    return discussion_access(user=user, cohort=cohort, lesson=lesson, now=now)
