"""axe-core over the main pages of the demo school in Chromium.

The demo is seeded once and every page is visited in one test (seeding costs far more than a
page): each is loaded as an anonymous visitor, then the pages for students as the demo student;
axe-core (vendored, see tests/browser/vendor/README.md) is injected and run over the whole
document. The test fails listing, page by page, every serious or critical violation with its
rule, help text and the selectors of the offending elements. Moderate and minor findings are
printed (``-rP``) but not gated.
"""

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from django.urls import reverse
from django.utils import timezone

from cms.models import ArticleIndexPage, ArticlePage, CoachesPage, FAQPage, SpotlightIndexPage
from courses.models import CoursePage, LessonPage, WeekPage
from courses.selectors.outline import cohorts_open_next
from demo.school import DEMO_ACCOUNTS, seed_demo
from payments.models import WorkshopPage
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
GATED_IMPACTS = {"serious", "critical"}


def first_url(model) -> str:
    page = model.objects.live().order_by("path").first()
    assert page is not None, f"the demo has no live {model.__name__}"
    return page.url


def course_url() -> str:
    return first_url(CoursePage)


def week_url() -> str:
    return first_url(WeekPage)


def lesson_url() -> str:
    return first_url(LessonPage)


def buy_url() -> str:
    cohort = cohorts_open_next(limit=1, now=timezone.now())[0]
    return reverse("payments:buy", kwargs={"slug": cohort.slug})


PAGES: list[tuple[str, str | None, Callable[[], str]]] = [
    ("home", None, lambda: "/"),
    ("course", None, course_url),
    ("week", None, week_url),
    ("lesson-locked", None, lesson_url),
    ("lesson-enrolled", "student", lesson_url),
    ("articles", None, lambda: first_url(ArticleIndexPage)),
    ("article", None, lambda: first_url(ArticlePage)),
    ("spotlights", None, lambda: first_url(SpotlightIndexPage)),
    ("faq", None, lambda: first_url(FAQPage)),
    ("coaches", None, lambda: first_url(CoachesPage)),
    ("sign-in", None, lambda: "/accounts/login/"),
    ("sign-up", None, lambda: "/accounts/signup/"),
    ("buy", "student", buy_url),
    ("dashboard", "student", lambda: reverse("courses_student:dashboard")),
    ("orders", "student", lambda: reverse("payments:order_list")),
    ("workshop", None, lambda: first_url(WorkshopPage)),
    ("meetups", None, lambda: "/meetups/"),
    ("journal", "student", lambda: "/coaching/journal/"),
]


def sign_in(page, role: str) -> None:
    account = next(a for a in DEMO_ACCOUNTS if a.role == role)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(account.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(account.password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            + "\n".join(f"    {target}" for target in targets[:10])
            + (f"\n    ... and {len(targets) - 10} more" if len(targets) > 10 else "")
        )
    return "\n".join(lines)


def test_no_serious_or_critical_axe_violations_on_the_main_pages(db, browser_page):
    seed_demo(report=lambda line: None)
    page = browser_page
    failures = []
    for role in (None, "student"):
        if role:
            sign_in(page, role)
        for name, page_role, url in PAGES:
            if page_role != role:
                continue
            response = page.goto(url())
            assert response is not None and response.ok, (
                f"{name}: HTTP {response and response.status}"
            )
            found = run_axe(page)
            print(f"{name}: all axe violations\n{describe(found)}")  # shown with -rP
            screenshot(page, f"a11y-{name}")
            gated = [v for v in found if v["impact"] in GATED_IMPACTS]
            if gated:
                failures.append(f"{name} ({page.url}):\n{describe(gated)}")
    assert not failures, "axe violations:\n" + "\n".join(failures)


def test_the_check_catches_what_it_gates(browser_page):
    """The gate is not vacuous: axe, injected the same way, reports a serious colour-contrast
    failure and a critical unlabelled input on a page built to have them."""
    page = browser_page
    page.set_content(
        '<html lang="en"><head><title>Bad</title></head><body><main>'
        '<p style="color:#bbb;background:#fff">Faint text nobody can read</p>'
        '<input type="text"></main></body></html>'
    )
    impacts = {v["id"]: v["impact"] for v in run_axe(page)}
    assert impacts.get("color-contrast") == "serious", impacts
    assert impacts.get("label") == "critical", impacts
    assert describe(run_axe(page)).count("- ") >= 2
