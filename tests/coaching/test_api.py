"""The coach's API shows a coach only their classes and their entries."""

import pytest

from coaching.services import journal_submit
from tests.coaching.conftest import KATA, enrollment_of

pytestmark = pytest.mark.django_db


def test_a_coach_sees_only_their_classes_through_the_api(client, coaching):
    school = coaching.school
    journal_submit(
        enrollment=enrollment_of(school.users["enrolled"], school.current),
        week_number=1,
        values=KATA,
    )
    client.force_login(coaching.coach)
    classes = client.get("/api/v1/coaching/classes/").json()
    assert [c["id"] for c in classes] == [school.current.pk]
    waiting = client.get("/api/v1/coaching/entries/waiting/").json()
    assert [(w["week_number"], w["iteration"], w["late"]) for w in waiting] == [(1, 1, False)]

    client.force_login(coaching.other_coach)
    assert [c["id"] for c in client.get("/api/v1/coaching/classes/").json()] == [
        school.next_class.pk
    ]
    assert client.get("/api/v1/coaching/entries/waiting/").json() == []


@pytest.mark.parametrize("who", ["enrolled", "editor"])
def test_people_outside_the_coaches_group_coach_nothing(client, coaching, who):
    from django.contrib.auth.models import Group

    school = coaching.school
    journal_submit(
        enrollment=enrollment_of(school.users["enrolled"], school.current),
        week_number=1,
        values=KATA,
    )
    coaching.coach.groups.remove(Group.objects.get(name="Coaches"))
    for user in (school.users[who], coaching.coach):
        client.force_login(user)
        assert client.get("/api/v1/coaching/classes/").json() == []
        assert client.get("/api/v1/coaching/entries/waiting/").json() == []


def test_anonymous_is_refused(client, coaching):
    assert client.get("/api/v1/coaching/classes/").status_code in (401, 403)
