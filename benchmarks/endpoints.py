"""What `make bench` measures. Each change that adds a user-facing endpoint adds it here.

A path may be a callable taking nothing and returning the path, for endpoints whose URL
comes from the demo data (a lesson page, say); it is resolved after ``seed_demo`` ran.

Each endpoint states what it claims, and the benchmark checks it on the real server before
measuring: a cached page says ``X-Page-Cache: hit``, the student's lesson carries the body and
the locked one does not. ``goal`` is issue 13's target: a ratio to a baseline and at most
so many queries; the table says whether the run met it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Goal:
    ratio: float | None = None
    #: "django" (one-query view), "template" (bare template view) or "paired" (the
    #: endpoint's ``paired`` twin: the same page in another state, measured beside it).
    versus: str = "django"
    max_queries: int | None = None

    def describe(self) -> str:
        parts = []
        if self.ratio is not None:
            parts.append(f">={self.ratio:.2f}x {self.versus}")
        if self.max_queries is not None:
            parts.append(f"<={self.max_queries} q")
        return ", ".join(parts) or "-"


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str | Callable[[], str]
    method: str = "GET"
    #: Measure as this signed-in demo user (a session cookie is made for the load generator).
    as_user: str | None = None
    #: Checked on one response from the real server before measuring.
    expect_headers: dict[str, str] = field(default_factory=dict)
    must_contain: tuple[str, ...] = ()
    must_not_contain: tuple[str, ...] = ()
    goal: Goal = Goal()
    #: The same page in another state (say, with an empty discussion), measured beside this
    #: one in every run: the row reports the ratio of this endpoint to it.
    paired: "Endpoint | None" = None

    def resolve(self) -> str:
        return self.path() if callable(self.path) else self.path


BASELINE_DJANGO = Endpoint("baseline: Django view, one query", "/bench/baseline/one-query/")
BASELINE_TEMPLATE = Endpoint("baseline: bare template view", "/bench/baseline/template/")
BASELINE_WAGTAIL = Endpoint("baseline: bare Wagtail page", "/bench-baseline/")


def _first_lesson():
    from courses.models import LessonPage

    return LessonPage.objects.live().order_by("path").first()


def demo_lesson_path() -> str:
    return _first_lesson().url


def demo_lesson_api_path() -> str:
    return f"/api/v1/courses/lessons/{_first_lesson().pk}/"


def demo_course_path() -> str:
    from courses.models import CoursePage

    return CoursePage.objects.live().order_by("path").first().url


def demo_article_path() -> str:
    from cms.models import ArticlePage

    return ArticlePage.objects.live().order_by("path").first().url


def demo_article_index_path() -> str:
    from cms.models import ArticleIndexPage

    return ArticleIndexPage.objects.live().order_by("path").first().url


def demo_spotlight_path() -> str:
    from cms.models import SpotlightPage

    return SpotlightPage.objects.live().order_by("path").first().url


def demo_checkout_path() -> str:
    """The buy form of the first class still on sale."""
    from django.utils import timezone

    from courses.models import Cohort

    cohort = (
        Cohort.objects.filter(start_date__gt=timezone.now().date(), prices__isnull=False)
        .order_by("start_date")
        .first()
    )
    return f"/payments/buy/{cohort.slug}/"


STUDENT = "student@institute.test"
# The demo lesson's paragraph class: present when the body is shown, absent when locked.
BODY_MARKER = 'class="lesson-body"'
HIT = {"X-Page-Cache": "hit"}
# A signed-in reader's own remembered copy (cms.reader_cache).
READER_HIT = {"X-Reader-Cache": "hit"}


def discussion_lesson_path() -> str:
    from benchmarks.discussion_data import discussion_bench_prepare

    return discussion_bench_prepare()


# Issue 15: the lesson page with 200 posts in the class's discussion, as a ratio to the same
# page with none (two students of two classes, benchmarks/discussion_data.py).
DISCUSSION_EMPTY = Endpoint(
    "lesson page, empty discussion",
    discussion_lesson_path,
    as_user="bench-discussion-quiet@institute.test",
    must_contain=(BODY_MARKER, 'id="discussion"'),
)

ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "lesson page (student, released)",
        demo_lesson_path,
        as_user=STUDENT,
        must_contain=(BODY_MARKER,),
        expect_headers=READER_HIT,
        # A hit costs the user. A miss: the user, access (2, with "done"), the student's rating
        # and flags, their marks on the class's remembered discussion page, their Kata entry
        # (tests/courses/test_query_counts).
        goal=Goal(0.5, "django", 6),
    ),
    Endpoint(
        "student dashboard",
        "/dashboard/",
        as_user=STUDENT,
        must_contain=("My courses",),
        expect_headers=READER_HIT,
        goal=Goal(0.3, "django", 8),
    ),
    Endpoint(
        "course outline (anonymous)",
        demo_course_path,
        expect_headers=HIT,
        goal=Goal(0.8, "template", 0),
    ),
    Endpoint(
        "lesson page (anonymous, locked)",
        demo_lesson_path,
        expect_headers=HIT,
        must_not_contain=(BODY_MARKER,),
        goal=Goal(None, "django", 0),
    ),
    Endpoint("home page (anonymous)", "/", expect_headers=HIT, goal=Goal(None, "django", 0)),
    Endpoint("article index (anonymous)", demo_article_index_path, expect_headers=HIT),
    Endpoint("article (anonymous)", demo_article_path, expect_headers=HIT),
    Endpoint("spotlight (anonymous)", demo_spotlight_path, expect_headers=HIT),
    Endpoint(
        "checkout form (student)",
        demo_checkout_path,
        as_user=STUDENT,
        expect_headers=READER_HIT,
        goal=Goal(0.3),
    ),
    Endpoint("OpenAPI schema", "/api/v1/schema/", goal=Goal(0.8)),
    Endpoint("course outline API", "/api/v1/courses/product-management/outline/"),
    Endpoint(
        "lesson API (student)",
        demo_lesson_api_path,
        as_user=STUDENT,
        expect_headers=READER_HIT,
        goal=Goal(0.5),
    ),
    Endpoint(
        "dashboard API (student)",
        "/api/v1/me/dashboard/",
        as_user=STUDENT,
        expect_headers=READER_HIT,
        goal=Goal(0.3),
    ),
    Endpoint("healthz", "/healthz"),
    Endpoint(
        "lesson page, 200-post discussion",
        discussion_lesson_path,
        as_user="bench-discussion-busy@institute.test",
        must_contain=(BODY_MARKER, "Bench thread", "discussion_page=2"),
        goal=Goal(0.8, "paired"),
        paired=DISCUSSION_EMPTY,
    ),
]
