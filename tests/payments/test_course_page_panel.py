"""Payments fills the course page's class panel (``courses.cohort_panels``) with prices and a
"Buy" button; the course page itself loads no payments template tags."""

import pytest

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.selectors import cohorts_upcoming
from tests.factories import on_sale_cohort

pytestmark = pytest.mark.django_db


def test_the_course_page_shows_prices_and_a_buy_link_under_an_upcoming_class(client, cohort):
    page = client.get(cohort.course.url).content.decode()
    assert "$1,500.00" in page and "$2,500.00" in page
    assert 'href="/payments/buy/april-2027/"' in page
    assert "Buy a place in April 2027 class" in page


def test_the_panel_loads_prices_and_tier_entitlements_once_for_all_classes(cohort):
    for _ in range(4):
        on_sale_cohort(course=cohort.course)
    cohorts = cohorts_upcoming(course=cohort.course, now=timezone.now())
    template = Template(
        "{% load courses_tags %}"
        "{% for cohort in cohorts %}{% cohort_panels cohort cohorts %}{% endfor %}"
    )
    with CaptureQueriesContext(connection) as captured:
        html = template.render(Context({"cohorts": cohorts}))
    # The prices of every class, then what each tier includes (courses.entitlements): two
    # queries whatever the number of classes.
    assert len(captured) == 2
    assert html.count("Buy a place in") == 5
