"""The home page sells the course: the next two classes open (dates, prices, seats left), what
you will learn, the coaches, graduates' spotlights and a quote. "The next classes open" is one
rule (courses.selectors.cohorts_open_next), shown on the course page too."""

import datetime as dt

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import CourseCoach
from tests.baseline import site_home
from tests.factories import CoursePageFactory, EnrollmentFactory, UserFactory
from tests.factories.editorial import CoachFactory, SpotlightPageFactory
from tests.factories.payments import on_sale_cohort

pytestmark = pytest.mark.django_db


def in_days(days: int) -> dt.date:
    return timezone.now().date() + dt.timedelta(days=days)


@pytest.fixture
def course(db):
    course = CoursePageFactory(
        title="Product Management Foundations",
        slug="product-management",
        what_you_will_learn=[("item", "How to write outcome goals with baselines.")],
    )
    coach = CoachFactory(name="Ines Valcarcel")
    course.course_coaches = [CourseCoach(coach=coach, sort_order=0)]
    course.save_revision().publish()
    return course


def test_the_home_page_shows_the_next_two_classes_open_with_dates_prices_and_seats(client, course):
    first = on_sale_cohort(course=course, name="January class", start_date=in_days(20), capacity=12)
    on_sale_cohort(course=course, name="February class", start_date=in_days(50))
    on_sale_cohort(course=course, name="March class", start_date=in_days(80))
    full = on_sale_cohort(course=course, name="Full class", start_date=in_days(10), capacity=1)
    EnrollmentFactory(cohort=full)
    EnrollmentFactory(cohort=first)

    page = client.get("/").content.decode()
    assert page.count('data-testid="open-class"') == 2
    assert "January class" in page and "February class" in page
    assert "March class" not in page  # only the next two
    assert "Full class" not in page  # no seat left: not open
    start = first.start_date
    assert f"{start:%A} {start.day} {start:%B %Y}" in page
    assert "<strong>11</strong> seats left" in page
    assert "$1,500.00" in page and "$2,500.00" in page  # the payments panel's prices
    assert "Buy a place in January class" in page


def test_the_home_page_shows_what_you_will_learn_coaches_spotlights_and_a_quote(client, course):
    home = site_home()
    home.quote, home.quote_attribution = "It changed how my team works.", "Noor H., March class"
    home.save_revision().publish()
    SpotlightPageFactory(graduate_name="Noor Haddad")
    page = client.get("/").content.decode()
    assert "What you will learn" in page and "How to write outcome goals" in page
    assert "Ines Valcarcel" in page
    assert "Graduates' spotlights" in page and "Noor Haddad" in page
    assert "It changed how my team works." in page and "Noor H., March class" in page


def test_the_course_page_names_the_same_next_classes_open(client, course):
    on_sale_cohort(course=course, name="January class", start_date=in_days(20))
    on_sale_cohort(course=course, name="February class", start_date=in_days(50))
    on_sale_cohort(course=course, name="March class", start_date=in_days(80))
    page = client.get(course.url).content.decode()
    line = page[page.index('data-testid="open-next"') :].split("</p>", 1)[0]
    assert "January class" in line and "February class" in line and "March class" not in line


def test_the_home_page_costs_the_same_queries_with_ten_times_the_data(client, course):
    client.force_login(UserFactory())  # signed in: no cached copy, every query counted

    def add(count: int, offset: int) -> None:
        for n in range(count):
            on_sale_cohort(
                course=course, name=f"Class {offset + n}", start_date=in_days(20 + offset + n)
            )
            SpotlightPageFactory()
            CourseCoach.objects.create(page=course, coach=CoachFactory(), sort_order=offset + n + 1)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    add(2, 0)
    client.get("/")
    small = queries()
    add(18, 2)
    client.get("/")  # image renditions are made once, on a first view
    assert queries() == small
