"""Staff generate the next monthly classes from a template: a start rule, capacity and a price
per tier, previewed (nothing written) before they are created in one transaction."""

from datetime import date

import pytest

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses.models import Cohort, EnrollmentTier
from courses.monthly_classes import (
    LAST,
    MonthlyTemplate,
    monthly_classes_create,
    monthly_start_dates,
    nth_weekday_of_month,
)
from payments.class_generator import monthly_classes_create_priced
from payments.models import CohortPrice
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import CohortFactory, CoursePageFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/payments/generate-classes/"
MONDAY, FRIDAY = 0, 4


@pytest.fixture
def course(db):
    return CoursePageFactory(title="Product Management")


@pytest.fixture
def editor(db):
    """An editor (who may price classes) also allowed to add classes."""
    user = VerifiedUserFactory(is_staff=True, email="editor@example.com")
    user.groups.add(Group.objects.get(name="Editors"))
    user.user_permissions.add(Permission.objects.get(codename="add_cohort"))
    return user


@pytest.fixture
def frozen_today(monkeypatch):
    """The view plans after "today"; fix it to 4 December 2026 so dates are known."""
    monkeypatch.setattr(
        "payments.class_generator.timezone.localdate", lambda *args: date(2026, 12, 4)
    )


def form_data(course, **overrides):
    data = {
        "course": str(course.pk),
        "ordinal": "1",
        "weekday": str(MONDAY),
        "months": "3",
        "timezone": "Europe/Berlin",
        "release_hour": "8",
        "capacity": "25",
        "name_pattern": "{month} {year} class",
        "slug_pattern": "{month}-{year}",
        "standard_price": "150000",
        "executive_price": "250000",
        "currency": "usd",
        "action": "preview",
    }
    return {**data, **overrides}


def template(course, **overrides):
    fields = {
        "course": course,
        "ordinal": 1,
        "weekday": MONDAY,
        "months": 3,
        "timezone": "Europe/Berlin",
        "release_hour": 8,
        "capacity": 25,
        "name_pattern": "{month} {year} class",
        "slug_pattern": "{month}-{year}",
    }
    return MonthlyTemplate(**{**fields, **overrides})


# The date rule


def test_first_monday_of_the_month():
    assert nth_weekday_of_month(year=2026, month=12, ordinal=1, weekday=MONDAY) == date(2026, 12, 7)
    assert nth_weekday_of_month(year=2027, month=3, ordinal=1, weekday=MONDAY) == date(2027, 3, 1)


def test_last_friday_of_the_month():
    assert nth_weekday_of_month(year=2027, month=1, ordinal=LAST, weekday=FRIDAY) == date(
        2027, 1, 29
    )
    assert nth_weekday_of_month(year=2027, month=4, ordinal=LAST, weekday=FRIDAY) == date(
        2027, 4, 30
    )


def test_fourth_saturday_of_a_short_february():
    assert nth_weekday_of_month(year=2026, month=2, ordinal=4, weekday=5) == date(2026, 2, 28)


def test_dates_run_across_the_year_end_and_skip_a_date_already_past():
    # 10 December 2026 is after that month's first Monday (7 December): January comes first.
    assert monthly_start_dates(ordinal=1, weekday=MONDAY, months=3, after=date(2026, 12, 10)) == [
        date(2027, 1, 4),
        date(2027, 2, 1),
        date(2027, 3, 1),
    ]
    assert monthly_start_dates(ordinal=LAST, weekday=FRIDAY, months=2, after=date(2026, 12, 4)) == [
        date(2026, 12, 25),
        date(2027, 1, 29),
    ]


# Preview and create through the admin


def test_preview_lists_the_classes_and_creates_nothing(client, editor, course, frozen_today):
    client.force_login(editor)
    assert client.get(URL).status_code == 200
    response = client.post(URL, form_data(course))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Monday 7 December 2026",
        "December 2026 class",
        "january-2027",
        "Monday 1 February 2027",
        "Create these classes",
    ):
        assert text in page
    assert page.count("Will be created") == 3
    assert not Cohort.objects.exists()
    assert not CohortPrice.objects.exists()


def test_create_makes_the_classes_and_their_prices(client, editor, course, frozen_today):
    client.force_login(editor)
    response = client.post(URL, form_data(course, action="create"))
    assert response.status_code == 302
    assert response.url == reverse("cohort:index")
    cohorts = list(Cohort.objects.order_by("start_date"))
    assert [(c.name, c.slug, c.start_date) for c in cohorts] == [
        ("December 2026 class", "december-2026", date(2026, 12, 7)),
        ("January 2027 class", "january-2027", date(2027, 1, 4)),
        ("February 2027 class", "february-2027", date(2027, 2, 1)),
    ]
    assert {(c.course_id, c.timezone, c.release_hour, c.capacity) for c in cohorts} == {
        (course.pk, "Europe/Berlin", 8, 25)
    }
    prices = {(p.cohort.slug, p.tier, p.unit_amount, p.currency) for p in CohortPrice.objects.all()}
    assert prices == {
        (slug, tier, amount, "usd")
        for slug in ("december-2026", "january-2027", "february-2027")
        for tier, amount in (
            (EnrollmentTier.STANDARD, 150000),
            (EnrollmentTier.EXECUTIVE, 250000),
        )
    }


def test_rerunning_skips_the_classes_that_exist(client, editor, course, frozen_today):
    client.force_login(editor)
    client.post(URL, form_data(course, months="2", action="create"))
    preview = client.post(URL, form_data(course, months="4")).content.decode()
    assert preview.count("this course already has a class starting that day") == 2
    assert preview.count("Will be created") == 2
    client.post(URL, form_data(course, months="4", action="create"))
    assert Cohort.objects.count() == 4
    assert CohortPrice.objects.count() == 8


def test_a_taken_slug_is_skipped_and_named(client, editor, course, frozen_today):
    CohortFactory(name="Other", slug="january-2027", start_date=date(2027, 1, 11))
    client.force_login(editor)
    preview = client.post(URL, form_data(course)).content.decode()
    assert "the slug &#x27;january-2027&#x27; is taken by another class" in preview
    client.post(URL, form_data(course, action="create"))
    assert set(Cohort.objects.filter(course=course).values_list("slug", flat=True)) == {
        "december-2026",
        "february-2027",
    }


def test_a_failure_part_way_leaves_no_class_and_no_price(course):
    # The third month's name is too long for the field: the first two must not stay behind.
    long_name = "{month} {year} " + "x" * 110
    with pytest.raises(ValidationError, match="at most 120 characters"):
        monthly_classes_create_priced(
            template=template(course, name_pattern=long_name),
            after=date(2026, 12, 4),
            prices={EnrollmentTier.STANDARD: 100},
            currency="usd",
        )
    assert not Cohort.objects.exists()
    assert not CohortPrice.objects.exists()


def test_the_service_plans_again_inside_its_transaction(course):
    CohortFactory(course=course, slug="taken-meanwhile", start_date=date(2027, 1, 4))
    made = monthly_classes_create(template=template(course), after=date(2026, 12, 4))
    assert [c.start_date for c in made] == [date(2026, 12, 7), date(2027, 2, 1)]


# Bad input


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone", "is not an IANA time zone name"),
        ({"months": "0"}, "months", "greater than or equal to 1"),
        ({"months": "25"}, "months", "less than or equal to 24"),
        ({"release_hour": "24"}, "release_hour", "less than or equal to 23"),
        ({"capacity": "0"}, "capacity", "greater than or equal to 1"),
        ({"standard_price": ""}, "standard_price", "This field is required"),
        ({"executive_price": "-5"}, "executive_price", "greater than or equal to 1"),
        ({"currency": "USD"}, "currency", "three-letter ISO currency code"),
        ({"ordinal": "5"}, "ordinal", "Select a valid choice"),
        ({"name_pattern": "{season} class"}, None, "Unknown field {season}"),
        ({"slug_pattern": "{month"}, None, "is not a valid pattern"),
        ({"slug_pattern": "class-{year}", "months": "3"}, None, "same slug"),
        ({"slug_pattern": "---"}, None, "empty slug"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(
    client, editor, course, frozen_today, overrides, field, message
):
    client.force_login(editor)
    response = client.post(URL, form_data(course, action="create", **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors[field] if field else form.non_field_errors()
    assert any(message in error for error in errors), errors
    assert not Cohort.objects.exists()


# Who may use it


def test_a_non_staff_user_is_refused(client, course, frozen_today):
    client.force_login(VerifiedUserFactory(email="student@example.com"))
    response = client.post(URL, form_data(course, action="create"))
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert not Cohort.objects.exists()


def test_staff_without_the_add_class_permission_are_refused(client, course, frozen_today):
    # The Editors group prices classes but may not add them.
    user = VerifiedUserFactory(is_staff=True, email="pricer@example.com")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    for response in (client.get(URL), client.post(URL, form_data(course, action="create"))):
        # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
        assert (response.status_code, response.url) == (302, "/admin/")
    assert not Cohort.objects.exists()
    assert "Generate monthly classes" not in client.get("/admin/").content.decode()


def test_the_menu_offers_the_generator_to_who_may_use_it(client, editor):
    client.force_login(editor)
    assert "/admin/payments/generate-classes/" in client.get("/admin/").content.decode()


# Two staff at once


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_staff_creating_at_once_for_one_course_make_each_class_once():
    """Different slug patterns, so the slug constraint cannot catch the second run: only the
    lock on the course row makes the second plan see the first run's classes."""
    course = CoursePageFactory(title="Product Management")

    def create(index: int) -> list[Cohort]:
        return monthly_classes_create(
            template=template(course, slug_pattern=f"run{index}-{{month}}-{{year}}"),
            after=date(2026, 12, 4),
        )

    results = run_in_threads(create, 2)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(len(made) for made in results) == [0, 3]
    assert Cohort.objects.filter(course=course).count() == 3
