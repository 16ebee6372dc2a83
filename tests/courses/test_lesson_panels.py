"""The lesson page's extension point: panels other apps register under a lesson."""

import pytest

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from courses.lesson_panels import (
    lesson_panel_register,
    lesson_panel_unregister,
    lesson_panels_registered,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel():
    """Register a panel under a test-only name for one test, then remove it."""
    names = []

    def register(name, function, order=50):
        names.append(name)
        lesson_panel_register(name=name, panel=function, order=order)

    yield register
    for name in names:
        lesson_panel_unregister(name=name)


def test_a_student_of_a_released_week_sees_the_panels_in_order(client, school, panel):
    seen = []

    def discussion(*, context, lesson, access, request):
        seen.append((lesson.pk, access.cohort.pk, request.user.pk))
        return format_html('<section class="test-discussion">{}</section>', lesson.title)

    panel("tests.second", discussion, order=20)
    panel("tests.first", lambda **kwargs: mark_safe('<p class="test-first">first</p>'), order=10)
    student = school.users["enrolled"]
    client.force_login(student)
    page = client.get(school.lesson1.url).content.decode()

    assert '<section class="test-discussion">What a product manager does</section>' in page
    assert page.index("test-first") < page.index("test-discussion")
    assert seen == [(school.lesson1.pk, school.current.pk, student.pk)]


@pytest.mark.parametrize("who", ["anonymous", "unenrolled", "refunded", "other_cohort"])
def test_readers_who_may_not_open_the_lesson_see_no_panel(client, school, panel, who):
    panel("tests.secret", lambda **kwargs: format_html('<p class="test-secret">posts</p>'))
    if school.users[who] is not None:
        client.force_login(school.users[who])
    page = client.get(school.lesson1.url).content.decode()
    assert "test-secret" not in page


def test_an_unreleased_week_shows_no_panel(client, school, panel):
    panel("tests.secret", lambda **kwargs: format_html('<p class="test-secret">posts</p>'))
    client.force_login(school.users["enrolled"])
    page = client.get(school.lesson2.url).content.decode()
    assert "test-secret" not in page


def test_plain_text_from_a_panel_is_escaped(client, school, panel):
    panel("tests.plain", lambda **kwargs: "<b>not markup</b>")
    client.force_login(school.users["enrolled"])
    page = client.get(school.lesson1.url).content.decode()
    assert "&lt;b&gt;not markup&lt;/b&gt;" in page


def test_registering_a_name_again_replaces_its_panel(panel):
    before = len(lesson_panels_registered())
    panel("tests.twice", lambda **kwargs: "one")
    panel("tests.twice", lambda **kwargs: "two")
    assert len(lesson_panels_registered()) == before + 1
