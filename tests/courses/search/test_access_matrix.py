"""Who finds what, on the page and the API: the search's answer is the access policy's.

Personas over {anonymous, other cohort, before release, after release, transferred (old and new
class), refunded, coach, staff}. "outcome lesson" words are in both lessons (week 1, released
to the current class; week 2, released only to the early class), so what each persona finds
is exactly the lessons ``lesson_access`` opens to them.
"""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from courses.selectors import lesson_access

QUERY = "welcome lesson"  # a cue of each lesson says it
# persona -> (user key, titles of the lessons found)
CASES = {
    "anonymous": ("anonymous", None),
    "unenrolled": ("unenrolled", set()),
    "other_cohort": ("other_cohort", set()),  # nothing released to the next class yet
    "before_and_after_release": ("enrolled", {"Outcomes over output"}),  # week 2 not yet
    # Moved from the early class (weeks 1-2) to the current one (week 1): the policy opens
    # what the new class has released; the old enrollment is history (as the lesson page).
    "transferred": ("transferred", {"Outcomes over output"}),
    "refunded": ("refunded", set()),
    "coach": ("coach", set()),  # a coach who is not staff opens lessons as the policy says
    "staff": ("staff", {"Outcomes over output", "Mapping the opportunity"}),
}


def _login(client, school, persona):
    user = school.users[CASES[persona][0]]
    if user is not None:
        client.force_login(user)
    return user


@pytest.mark.parametrize("persona", CASES)
def test_search_page(search_school, client, persona):
    _login(client, search_school, persona)
    response = client.get("/search/", {"q": QUERY})
    expected = CASES[persona][1]
    if expected is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        return
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    html = response.content.decode()
    found = {hit.lesson.title for hit in response.context["hits"]}
    assert found == expected
    if "Mapping the opportunity" not in expected:
        assert "Mapping the opportunity" not in html
        assert "Welcome back" not in html
        assert "Discovery" not in html  # week 2's title


@pytest.mark.parametrize("persona", CASES)
def test_search_api(search_school, client, persona):
    _login(client, search_school, persona)
    response = client.get("/api/v1/courses/search/", {"q": QUERY})
    expected = CASES[persona][1]
    if expected is None:
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
        return
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert {hit["lesson"]["title"] for hit in data["results"]} == expected
    assert data["count"] == len(data["results"])
    if "Mapping the opportunity" not in expected:
        assert "Welcome back" not in response.content.decode()


@pytest.mark.parametrize("persona", CASES)
def test_search_finds_exactly_what_the_policy_opens(search_school, client, persona):
    """For every lesson: found by a query matching it <=> ``lesson_access`` allows it."""
    user = _login(client, search_school, persona)
    if user is None:
        return
    response = client.get("/api/v1/courses/search/", {"q": QUERY})
    found = {hit["lesson"]["id"] for hit in response.json()["results"]}
    now = timezone.now()
    for lesson in (search_school.lesson1, search_school.lesson2):
        allowed = lesson_access(user=user or AnonymousUser(), lesson=lesson, now=now).allowed
        assert (lesson.pk in found) is allowed, lesson.title
