"""The admin's course tree lists the weeks in number order, each named with its number."""

import pytest

from courses.wagtail_hooks import week_pages_in_number_order
from courses.week_order import course_weeks_put_in_order
from tests.factories import CoursePageFactory, WeekPageFactory

pytestmark = pytest.mark.django_db


def test_weeks_written_out_of_order_are_listed_in_number_order_with_numbers(admin_client):
    course = CoursePageFactory()
    for number, title in ((3, "Discovery"), (1, "The job"), (2, "Outcomes")):
        WeekPageFactory(parent=course, number=number, title=title, slug=f"w{number}")
    assert course_weeks_put_in_order(course=course) == 3
    html = admin_client.get(f"/admin/pages/{course.pk}/").content.decode()
    positions = [
        html.index(f"Week {n}: {t}") for n, t in ((1, "The job"), (2, "Outcomes"), (3, "Discovery"))
    ]
    assert positions == sorted(positions)
    assert course_weeks_put_in_order(course=course) == 0  # already in order: nothing moves


def test_a_week_saved_in_the_admin_moves_to_its_place(admin_client, rf):
    course = CoursePageFactory()
    WeekPageFactory(parent=course, number=1, title="The job", slug="w1")
    WeekPageFactory(parent=course, number=3, title="Discovery", slug="w3")
    late = WeekPageFactory(parent=course, number=2, title="Outcomes", slug="w2")
    week_pages_in_number_order(rf.get("/"), late)
    children = [page.specific.number for page in course.get_children().order_by("path")]
    assert children == [1, 2, 3]
