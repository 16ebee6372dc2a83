"""What `make bench` measures. Each change that adds a user-facing endpoint adds it here.

A path may be a callable taking nothing and returning the path, for endpoints whose URL
comes from the demo data (a lesson page, say); it is resolved after ``seed_demo`` ran.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str | Callable[[], str]
    method: str = "GET"
    #: Measure as this signed-in demo user (a session cookie is made for the load generator).
    as_user: str | None = None

    def resolve(self) -> str:
        return self.path() if callable(self.path) else self.path


BASELINE_DJANGO = Endpoint("baseline: Django view, one query", "/bench/baseline/one-query/")
BASELINE_WAGTAIL = Endpoint("baseline: bare Wagtail page", "/bench-baseline/")


def demo_lesson_path() -> str:
    from courses.models import LessonPage

    return LessonPage.objects.live().order_by("path").first().url


def demo_lesson_api_path() -> str:
    from courses.models import LessonPage

    return f"/api/v1/courses/lessons/{LessonPage.objects.live().order_by('path').first().pk}/"


STUDENT = "student@institute.test"

ENDPOINTS: list[Endpoint] = [
    Endpoint("home page", "/"),
    Endpoint("healthz", "/healthz"),
    Endpoint("OpenAPI schema", "/api/v1/schema/"),
    Endpoint("course outline (anonymous)", "/product-management/"),
    Endpoint("course outline API", "/api/v1/courses/product-management/outline/"),
    Endpoint("lesson page (anonymous, locked)", demo_lesson_path),
    Endpoint("lesson page (student, released)", demo_lesson_path, as_user=STUDENT),
    Endpoint("lesson API (student)", demo_lesson_api_path, as_user=STUDENT),
]
