"""Reads of the lesson search: what a reader may search, and the search itself.

The scope is the access policy's answer, computed for every week at once: for each course the
reader is enrolled in, ``courses.selectors.course_access_load`` (THE policy's loader) and
``CourseAccess.week_access`` say which weeks are open (granted, or a staff preview), and a
lesson kept for a tier (``courses.entitlements.GatedLesson``) stays out unless one of the
reader's active enrollments is in a tier that includes it, as ``lesson_access`` rules. The
search backend is then asked only about the passages of those lessons: an unreleased week's
text is filtered out in the database before any match, count or snippet is computed, so no
query can find it or learn that it exists.

Cost: a constant number of queries whatever the number of lessons, cues or results (the
reader's courses, two per course for the policy, the open weeks, their lessons, the gates,
then the backend's count and one page of passages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet

from wagtail.search.backends import get_search_backend

from courses.models import CoursePage, Enrollment, LessonPage, WeekPage
from courses.models.pages import WEEKS_PER_COURSE
from courses.selectors import course_access_load, user_can_preview_lessons
from courses.transcripts import format_timestamp

from .highlight import highlight_terms
from .models import LessonPassage, PassageKind

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
_WORD = re.compile(r"\w+", re.UNICODE)


class SearchQueryInvalid(ValueError):
    """A query the search cannot run, with a sentence saying what to change."""

    field = "q"

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def search_terms(*, query: str | None) -> list[str]:
    """The words of ``query`` (punctuation dropped), or ``SearchQueryInvalid`` saying why not."""
    query = (query or "").strip()
    if not query:
        raise SearchQueryInvalid("Type a word or a phrase from a lesson to search for.")
    if len(query) > MAX_QUERY_CHARS:
        raise SearchQueryInvalid(
            f"Your search is {len(query)} characters long; shorten it to {MAX_QUERY_CHARS} "
            "characters or fewer."
        )
    words = _WORD.findall(query)
    if not words:
        raise SearchQueryInvalid("Search for words: letters or digits, not only punctuation.")
    if len(words) > MAX_QUERY_WORDS:
        raise SearchQueryInvalid(
            f"Your search has {len(words)} words; use {MAX_QUERY_WORDS} or fewer."
        )
    return words


@dataclass(frozen=True)
class ScopeLesson:
    """A lesson the reader may search, with what a hit shows about it."""

    id: int
    title: str
    url: str
    week_number: int
    week_title: str


@dataclass
class SearchScope:
    lessons: dict[int, ScopeLesson] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.lessons


def search_scope(*, user, now: datetime, request=None) -> SearchScope:
    """The live lessons ``user`` may read at ``now``, by the access policy (constant queries)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return SearchScope()
    if user_can_preview_lessons(user):
        courses = CoursePage.objects.live().values_list("pk", "path")
        open_weeks = {path: None for _, path in courses}  # None: every week
        tiers: dict[str, set[str]] | None = None
    else:
        rows = (
            Enrollment.objects.filter(user=user)
            .values_list("cohort__course_id", "cohort__course__path")
            .order_by()
            .distinct()
        )
        open_weeks, tiers = {}, {}
        for course_id, course_path in rows:
            state = course_access_load(user=user, course_id=course_id)
            weeks = {
                number
                for number in range(1, WEEKS_PER_COURSE + 1)
                if state.week_access(number, now).allowed
            }
            if weeks:
                open_weeks[course_path] = weeks
                tiers[course_path] = {enrollment.tier for enrollment in state.active}
    if not open_weeks:
        return SearchScope()
    weeks = _open_weeks(open_weeks)
    if not weeks:
        return SearchScope()
    lessons = _lessons_under(weeks)
    if tiers is not None:
        lessons = _without_gated(lessons, tiers)
    return SearchScope(
        lessons={
            lesson.pk: ScopeLesson(
                id=lesson.pk,
                title=lesson.title,
                url=lesson.get_url(request) or "",
                week_number=weeks[lesson.path[: -LessonPage.steplen]].number,
                week_title=weeks[lesson.path[: -LessonPage.steplen]].title,
            )
            for lesson in lessons
        }
    )


def _open_weeks(open_weeks: dict[str, set[int] | None]) -> dict[str, WeekPage]:
    """The live week pages open to the reader, by path (one query)."""
    condition = Q()
    for course_path, numbers in open_weeks.items():
        under = Q(path__startswith=course_path, depth=len(course_path) // WeekPage.steplen + 1)
        condition |= under if numbers is None else under & Q(number__in=sorted(numbers))
    found = WeekPage.objects.live().filter(condition).only("pk", "path", "depth", "title", "number")
    return {week.path: week for week in found}


def _lessons_under(weeks: dict[str, WeekPage]) -> list[LessonPage]:
    condition = Q()
    for path, week in weeks.items():
        condition |= Q(path__startswith=path, depth=week.depth + 1)
    return list(
        LessonPage.objects.live()
        .filter(condition)
        .only("pk", "title", "path", "depth", "url_path")
        .order_by("path")
    )


def _without_gated(lessons: list[LessonPage], tiers: dict[str, set[str]]) -> list[LessonPage]:
    """Drop the tier-only lessons the reader's tiers do not include (``lesson_access`` rule 7)."""
    from courses.entitlements.models import GatedLesson, TierEntitlement

    gates = dict(
        GatedLesson.objects.filter(lesson_id__in=[lesson.pk for lesson in lessons]).values_list(
            "lesson_id", "requires"
        )
    )
    if not gates:
        return lessons
    kinds_by_tier: dict[str, set[str]] = {}
    for tier, kind in TierEntitlement.objects.values_list("tier", "kind"):
        kinds_by_tier.setdefault(tier, set()).add(kind)

    def opens(lesson: LessonPage) -> bool:
        required = gates.get(lesson.pk)
        if not required:
            return True
        course_path = lesson.path[: -2 * LessonPage.steplen]
        return any(required in kinds_by_tier.get(tier, ()) for tier in tiers.get(course_path, ()))

    return [lesson for lesson in lessons if opens(lesson)]


@dataclass(frozen=True)
class SearchHit:
    """One passage that matched: where it is, what it says (highlighted), where it opens."""

    lesson: ScopeLesson
    kind: str
    text: str
    text_html: str  # escaped, with the matched words in <mark>
    start: float | None
    end: float | None
    speaker: str

    @property
    def start_label(self) -> str:
        return format_timestamp(self.start) if self.start is not None else ""

    @property
    def url(self) -> str:
        """The lesson, with the video at the cue's moment (``#t=<seconds>``) for a cue."""
        if self.kind == PassageKind.CUE and self.start is not None:
            return f"{self.lesson.url}#t={self.start:.3f}"
        return self.lesson.url


@dataclass
class LessonSearch:
    """A search ready to page through: ``results`` is the backend's lazy result set (a count
    and a slice are one query each), ``hits`` turns a page of passages into ``SearchHit``s."""

    terms: list[str]
    scope: SearchScope
    results: object

    def hits(self, passages) -> list[SearchHit]:
        return [
            SearchHit(
                lesson=self.scope.lessons[passage.lesson_id],
                kind=passage.kind,
                text=passage.text,
                text_html=highlight_terms(text=passage.text, terms=self.terms),
                start=passage.start,
                end=passage.end,
                speaker=passage.speaker,
            )
            for passage in passages
            if passage.lesson_id in self.scope.lessons
        ]


def lesson_search(*, user, query: str | None, now: datetime, request=None) -> LessonSearch:
    """Search the lessons open to ``user`` at ``now`` (``SearchQueryInvalid`` for a bad query).

    Every word must appear (stemmed on PostgreSQL); best matches first."""
    terms = search_terms(query=query)
    scope = search_scope(user=user, now=now, request=request)
    passages: QuerySet = LessonPassage.objects.filter(lesson_id__in=sorted(scope.lessons))
    if scope.empty:
        return LessonSearch(terms=terms, scope=scope, results=passages.none())
    results = get_search_backend().search(" ".join(terms), passages, operator="and")
    return LessonSearch(terms=terms, scope=scope, results=results)
