"""A tier is a set of entitlements: the price page lists them, the access policy reads them."""

import importlib

import pytest

from django.apps import apps
from django.utils import timezone

from courses.entitlements.models import EntitlementKind, GatedLesson, TierEntitlement
from courses.models import EnrollmentTier
from courses.selectors import AccessReason, lesson_access
from payments.models import CohortPrice
from tests.courses.conftest import school  # noqa: F401  (the fixture)
from tests.factories import EnrollmentFactory, on_sale_cohort

pytestmark = pytest.mark.django_db


def test_the_price_page_lists_what_the_tier_includes_then_the_note(client):
    on_sale_cohort()
    TierEntitlement.objects.create(
        tier=EnrollmentTier.EXECUTIVE, kind=EntitlementKind.PEER_CIRCLE, sort_order=5
    )
    page = client.get("/payments/classes/").content.decode()
    sessions = page.index("Four 1:1 coaching sessions with a coach")
    circle = page.index("The executive peer circle")
    note = page.index("Everything in Standard")
    assert sessions < circle < note


def test_what_is_not_an_entitlement_is_not_sold(client):
    on_sale_cohort()
    TierEntitlement.objects.filter(kind=EntitlementKind.COACHING_SESSIONS).delete()
    page = client.get("/payments/classes/").content.decode()
    assert "coaching session" not in page
    assert "Everything in Standard" in page


def test_the_api_lists_the_same_perks(client):
    on_sale_cohort()
    TierEntitlement.objects.filter(kind=EntitlementKind.COACHING_SESSIONS).update(quantity=2)
    price = CohortPrice.objects.get(tier=EnrollmentTier.EXECUTIVE)
    assert price.perk_lines == ["Two 1:1 coaching sessions with a coach", "Everything in Standard"]


def test_the_migration_turns_todays_demo_perks_into_entitlements():
    migration = importlib.import_module(
        "payments.migrations.0012_price_perks_become_tier_entitlements"
    )
    cohort = on_sale_cohort()
    TierEntitlement.objects.all().delete()
    CohortPrice.objects.filter(cohort=cohort, tier=EnrollmentTier.EXECUTIVE).update(
        perks="Everything in Standard\nFour 1:1 sessions with a coach\nExecutive peer circle"
    )
    migration.perks_to_entitlements(apps, None)
    assert set(TierEntitlement.objects.values_list("tier", "kind", "quantity")) == {
        (EnrollmentTier.EXECUTIVE, EntitlementKind.COACHING_SESSIONS, 4),
        (EnrollmentTier.EXECUTIVE, EntitlementKind.PEER_CIRCLE, 1),
    }
    price = CohortPrice.objects.get(cohort=cohort, tier=EnrollmentTier.EXECUTIVE)
    assert price.perks == "Everything in Standard"


@pytest.fixture
def executive_lesson(school):  # noqa: F811
    TierEntitlement.objects.create(
        tier=EnrollmentTier.EXECUTIVE, kind=EntitlementKind.EXECUTIVE_CONTENT
    )
    GatedLesson.objects.create(lesson=school.lesson1)
    return school.lesson1


def test_an_executive_only_lesson_is_refused_to_a_standard_student(
    school,  # noqa: F811
    executive_lesson,
    client,
):
    student = school.users["enrolled"]
    access = lesson_access(user=student, lesson=executive_lesson, now=timezone.now())
    assert access.reason == AccessReason.NOT_IN_TIER
    assert "Executive-tier students" in access.message
    client.force_login(student)
    html = client.get(executive_lesson.url).content.decode()
    assert "This lesson is for Executive-tier students" in html
    assert "The private lesson text." not in html
    api = client.get(f"/api/v1/courses/lessons/{executive_lesson.pk}/")
    assert api.status_code == 403 and api.json()["access"]["reason"] == "not_in_tier"
    takeaway = school.files1["takeaway"]
    assert client.get(f"/lesson-files/{executive_lesson.pk}/{takeaway.pk}/").status_code == 403


def test_an_executive_student_opens_it(school, executive_lesson, client):  # noqa: F811
    executive = EnrollmentFactory(cohort=school.current, tier=EnrollmentTier.EXECUTIVE).user
    access = lesson_access(user=executive, lesson=executive_lesson, now=timezone.now())
    assert access.reason == AccessReason.GRANTED
    client.force_login(executive)
    assert "The private lesson text." in client.get(executive_lesson.url).content.decode()


def test_removing_the_entitlement_from_the_tier_closes_the_lesson(
    school,  # noqa: F811
    executive_lesson,
):
    executive = EnrollmentFactory(cohort=school.current, tier=EnrollmentTier.EXECUTIVE).user
    TierEntitlement.objects.filter(kind=EntitlementKind.EXECUTIVE_CONTENT).delete()
    access = lesson_access(user=executive, lesson=executive_lesson, now=timezone.now())
    assert access.reason == AccessReason.NOT_IN_TIER


def test_other_lessons_stay_open_to_a_standard_student(school, executive_lesson):  # noqa: F811
    access = lesson_access(user=school.users["enrolled"], lesson=school.lesson2, now=timezone.now())
    assert access.reason == AccessReason.NOT_RELEASED_YET
