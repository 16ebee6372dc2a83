"""Linking a coach profile to an account puts it in the Coaches group; unlinking takes it out."""

import json

import pytest

from django.urls import reverse

from cms.models import Coach
from tests.factories import UserFactory
from tests.factories.editorial import CoachFactory

pytestmark = pytest.mark.django_db

DRAFTAIL_BIO = {
    "blocks": [
        {
            "key": "a",
            "text": "Coaches product teams.",
            "type": "unstyled",
            "depth": 0,
            "inlineStyleRanges": [],
            "entityRanges": [],
        }
    ],
    "entityMap": {},
}


def _is_coach(user) -> bool:
    return user.groups.filter(name="Coaches").exists()


def test_linking_a_profile_adds_the_account_to_the_coaches_group():
    user = UserFactory()
    profile = CoachFactory()
    assert not _is_coach(user)

    profile.user = user
    profile.save()

    assert _is_coach(user)
    user = type(user).objects.get(pk=user.pk)  # fresh, without the permission cache
    assert user.has_perm("coaching.coach_classes")


def test_moving_the_link_to_another_account_moves_the_group():
    first, second = UserFactory(), UserFactory()
    profile = CoachFactory(user=first)
    assert _is_coach(first)

    profile.user = second
    profile.save()

    assert not _is_coach(first) and _is_coach(second)


def test_unlinking_or_deleting_the_profile_removes_the_account():
    user = UserFactory()
    profile = CoachFactory(user=user)
    profile.user = None
    profile.save()
    assert not _is_coach(user)

    other = UserFactory()
    profile = CoachFactory(user=other)
    profile.delete()
    assert not _is_coach(other)


def test_deleting_another_profile_leaves_a_linked_coach_in_the_group():
    user = UserFactory()
    kept = CoachFactory(user=user)
    # A profile that never linked this account is deleted: the account stays a coach.
    CoachFactory(user=UserFactory()).delete()
    assert _is_coach(user)
    assert Coach.objects.filter(user=user).get() == kept


def test_linking_in_the_snippet_editor_adds_the_group(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    user = UserFactory()
    profile = CoachFactory()
    url = reverse("wagtailsnippets_cms_coach:edit", args=[profile.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(user=user.pk, bio=json.dumps(DRAFTAIL_BIO))
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert _is_coach(user)
