"""The course page's extension point: panels other apps register under each upcoming class."""

import pytest

from django.utils.html import format_html

from courses.cohort_panels import (
    cohort_panel_register,
    cohort_panel_unregister,
    cohort_panels_registered,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel():
    """Register a panel under a test-only name for one test, then remove it."""
    names = []

    def register(name, function):
        names.append(name)
        cohort_panel_register(name=name, panel=function)

    yield register
    for name in names:
        cohort_panel_unregister(name=name)


def test_a_registered_panel_shows_under_every_upcoming_class(client, school, panel):
    seen = []

    def seats_panel(*, context, cohort, cohorts):
        seen.append([c.pk for c in cohorts])
        return format_html(
            '<p class="test-panel">{} has {} seats left</p>', cohort.name, cohort.seats_left
        )

    panel("tests.seats", seats_panel)
    page = client.get(school.course.url).content.decode()

    assert '<p class="test-panel">Next class has' in page
    assert "Current class has" not in page  # started: not an upcoming class
    assert seen == [[school.next_class.pk]]  # every listed class, so one query can serve all


def test_plain_text_from_a_panel_is_escaped(client, school, panel):
    panel("tests.plain", lambda *, context, cohort, cohorts: "<b>not markup</b>")
    page = client.get(school.course.url).content.decode()
    assert "&lt;b&gt;not markup&lt;/b&gt;" in page


def test_registering_a_name_again_replaces_its_panel(panel):
    before = len(cohort_panels_registered())
    panel("tests.twice", lambda *, context, cohort, cohorts: "one")
    panel("tests.twice", lambda *, context, cohort, cohorts: "two")
    assert len(cohort_panels_registered()) == before + 1
