"""Who sees the analytics dashboard and its API: holders of ``view_analytics`` (superusers,
Editors, Moderators), nobody else: not students, not coaches, not anonymous visitors, not an
admin user whose groups lack the permission."""

import datetime as dt

import pytest

from django.contrib.auth.models import Group, Permission
from django.test import Client

from courses.models import CohortCoach
from tests.api.support import assert_error_shape
from tests.factories import CohortFactory, EnrollmentFactory, UserFactory
from tests.factories.editorial import CoachFactory

pytestmark = pytest.mark.django_db
PAGE = "/admin/analytics/"
API = "/api/v1/insight/dashboard/"
MARK = "Funnel per class"


def in_group(name: str, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=name))
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(db):
    cohort = CohortFactory(start_date=dt.date(2026, 4, 1))
    coach = in_group("Coaches")
    CohortCoach.objects.create(cohort=cohort, coach=CoachFactory(user=coach))
    admin_only = UserFactory(is_staff=True)
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    admin_only.groups.add(group)
    return {
        "student": EnrollmentFactory(cohort=cohort).user,
        "coach": coach,
        "admin without the permission": admin_only,
        "editor": in_group("Editors"),
        "moderator": in_group("Moderators"),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }


@pytest.mark.parametrize("who", ["editor", "moderator", "superuser"])
def test_editors_moderators_and_superusers_see_the_dashboard_in_the_menu(people, who):
    client = signed_in(people[who])
    response = client.get(PAGE)
    assert response.status_code == 200
    assert MARK in response.content.decode()
    assert PAGE in client.get("/admin/").content.decode()  # the sidebar menu


@pytest.mark.parametrize("who", ["student", "coach", "admin without the permission"])
def test_everyone_else_is_refused_the_page_and_the_menu_item(people, who):
    client = signed_in(people[who])
    response = client.get(PAGE, follow=True)
    assert MARK not in response.content.decode()
    assert response.redirect_chain or response.status_code == 403
    assert PAGE not in client.get("/admin/", follow=True).content.decode()
    assert client.get(PAGE + "?export=revenue_by_class").get("Content-Type") != "text/csv"


def test_anonymous_is_sent_to_sign_in():
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_api_answers_401_anonymous_403_student_and_coach_200_editor(people):
    assert_error_shape(Client().get(API), 401)
    assert_error_shape(Client().get(API + "revenue_by_class/"), 401)
    for who in ("student", "coach", "admin without the permission"):
        body = assert_error_shape(signed_in(people[who]).get(API), 403, "permission_denied")
        assert "analytics permission" in body["detail"]
        assert_error_shape(signed_in(people[who]).get(API + "lessons/"), 403)
    response = signed_in(people["editor"]).get(API)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
