"""Unreleased text is never found, for any query: no hit, no count, no snippet, no hint."""

import re

import pytest

from django.utils import timezone

from courses.entitlements.models import EntitlementKind, GatedLesson, TierEntitlement
from courses.models import EnrollmentTier
from courses.search.selectors import lesson_search
from courses.services import week_release_create

from .conftest import WEEK2_ONLY

# Words of week 2 only (its transcript, its body, its title) and one found nowhere.
WEEK2_QUERIES = [WEEK2_ONLY, "opportunity tree", "Interview customers", "desired", "Mapping"]
NOWHERE = "zyxwvut"


def _without_query(html: str, query: str) -> str:
    """The page with the echoed query (the search box, the title) taken out."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return html.replace(query, "QUERY").replace(query[:60], "QUERY")


@pytest.mark.parametrize("query", WEEK2_QUERIES)
def test_a_query_matching_only_unreleased_text_finds_nothing_and_says_nothing(
    search_school, client, query
):
    client.force_login(search_school.users["enrolled"])
    page = client.get("/search/", {"q": query})
    nowhere = client.get("/search/", {"q": NOWHERE})
    assert page.status_code == nowhere.status_code == 200
    assert page.context["page_obj"].paginator.count == 0
    # The same page, word for word, as for a word that is in no lesson at all.
    assert _without_query(page.content.decode(), query) == _without_query(
        nowhere.content.decode(), NOWHERE
    )
    api = client.get("/api/v1/courses/search/", {"q": query}).json()
    assert api == {"count": 0, "next": None, "previous": None, "results": []}


def test_a_query_matching_both_weeks_counts_only_the_released_one(search_school, client):
    client.force_login(search_school.users["enrolled"])
    data = client.get("/api/v1/courses/search/", {"q": "lesson"}).json()
    assert data["count"] == len(data["results"]) >= 2
    assert {hit["lesson"]["week_number"] for hit in data["results"]} == {1}
    assert "opportunity" not in str(data).lower()


def test_a_newly_released_week_is_searchable_on_the_next_request(search_school, client):
    client.force_login(search_school.users["enrolled"])
    assert client.get("/api/v1/courses/search/", {"q": WEEK2_ONLY}).json()["count"] == 0
    week_release_create(cohort=search_school.current, week_number=2)
    data = client.get("/api/v1/courses/search/", {"q": WEEK2_ONLY}).json()
    assert data["count"] == 2  # the cue and the body paragraph
    cue = next(hit for hit in data["results"] if hit["kind"] == "cue")
    assert cue["start_label"] == "1:05"
    assert cue["lesson"]["title"] == "Mapping the opportunity"
    # ...while the next class, with nothing released, still finds nothing.
    client.force_login(search_school.users["other_cohort"])
    assert client.get("/api/v1/courses/search/", {"q": WEEK2_ONLY}).json()["count"] == 0


def test_an_unpublished_lesson_is_not_found_even_when_released(search_school, client):
    client.force_login(search_school.users["enrolled"])
    assert client.get("/api/v1/courses/search/", {"q": "metric"}).json()["count"] == 1
    search_school.lesson1.unpublish()
    assert client.get("/api/v1/courses/search/", {"q": "metric"}).json()["count"] == 0
    client.force_login(search_school.users["staff"])
    assert client.get("/api/v1/courses/search/", {"q": "metric"}).json()["count"] == 0


def test_a_tier_only_lesson_is_found_only_by_the_tiers_that_include_it(search_school):
    GatedLesson.objects.create(
        lesson=search_school.lesson1, requires=EntitlementKind.EXECUTIVE_CONTENT
    )
    student = search_school.users["enrolled"]
    now = timezone.now()
    assert lesson_search(user=student, query="metric", now=now).results.count() == 0
    TierEntitlement.objects.create(
        tier=EnrollmentTier.STANDARD, kind=EntitlementKind.EXECUTIVE_CONTENT
    )
    assert lesson_search(user=student, query="metric", now=now).results.count() == 1
