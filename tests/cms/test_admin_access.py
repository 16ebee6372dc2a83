"""Who may use the admin is remembered per user (cms/admin_access.py): a warm answer costs no
query, and every way of granting or taking access is seen on the very next question, inside
the transaction that made the change and after it commits; an outage means the query again."""

import pytest

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from cms.admin_access import user_can_use_admin
from cms.models import User
from tests.factories import UserFactory
from tests.factories.community import moderation_groups

pytestmark = pytest.mark.django_db


def ask(user) -> bool:
    """A fresh request's question (the answer is kept on the user object per request)."""
    return user_can_use_admin(User.objects.get(pk=user.pk))


def access_admin() -> Permission:
    return Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")


def test_a_warm_answer_costs_no_query():
    user = UserFactory()
    assert ask(user) is False
    fresh = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        assert user_can_use_admin(fresh) is False
    assert len(queries) == 0


def test_joining_and_leaving_a_group_is_seen_at_once_and_after_commit(
    django_capture_on_commit_callbacks,
):
    editors = moderation_groups()["Editors"]
    user = UserFactory()
    assert ask(user) is False

    user.groups.add(editors)  # seen inside the transaction that made it
    assert ask(user) is True
    with django_capture_on_commit_callbacks(execute=True):
        user.groups.remove(editors)
    assert ask(user) is False


@pytest.mark.parametrize("how", ["direct permission", "group permission", "group deleted"])
def test_every_way_of_changing_access_is_seen_on_the_next_question(how):
    editors = moderation_groups()["Editors"]
    user = UserFactory()
    if how == "direct permission":
        assert ask(user) is False
        user.user_permissions.add(access_admin())
        assert ask(user) is True
        user.user_permissions.clear()
        assert ask(user) is False
    else:
        user.groups.add(editors)
        assert ask(user) is True
        if how == "group permission":
            editors.permissions.remove(access_admin())
        else:
            Group.objects.filter(pk=editors.pk).delete()
        assert ask(user) is False


def test_the_answer_is_per_user():
    editors = moderation_groups()["Editors"]
    editor, student = UserFactory(), UserFactory()
    editor.groups.add(editors)
    assert [ask(editor), ask(student), ask(editor)] == [True, False, True]


def test_an_answer_from_another_permissions_generation_is_never_served():
    editors = moderation_groups()["Editors"]
    user = UserFactory()
    assert ask(user) is False
    # A change the receivers never saw (SQL), then any permissions change elsewhere.
    user.groups.through.objects.bulk_create([user.groups.through(user=user, group=editors)])
    assert ask(user) is False  # remembered: bulk writes skip signals (at most five minutes)
    UserFactory().groups.add(editors)
    assert ask(user) is True


def test_a_cache_outage_asks_the_database():
    editors = moderation_groups()["Editors"]
    user = UserFactory()
    user.groups.add(editors)
    dead = {
        "default": {
            "BACKEND": "cms.cache_backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=dead):
        assert ask(user) is True
