"""Staff see each membership's wanted and actual state and its last error, filter them, and
name a class's channel; memberships themselves are written by the sync only."""

import pytest

from django.utils import timezone

from community.slack.models import Actual, SlackChannel, SlackMembership, Wanted
from tests.factories.accounts import UserFactory, VerifiedUserFactory
from tests.factories.courses import CohortFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = VerifiedUserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def memberships(count: int, channel: SlackChannel) -> None:
    now = timezone.now()
    SlackMembership.objects.bulk_create(
        SlackMembership(
            channel=channel,
            user=UserFactory(),
            wanted=Wanted.IN,
            actual=Actual.PENDING if n % 2 else Actual.IN,
            last_error="conversations_invite: HTTP 503 service_unavailable" if n % 2 else "",
            attempts=n % 3,
            changed_at=now,
        )
        for n in range(count)
    )


def test_staff_see_state_and_last_error_and_filter_by_state(client, staff):
    channel = SlackChannel.objects.create(cohort=CohortFactory(), name="may-class")
    memberships(4, channel)
    response = client.get("/admin/slack/memberships/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("HTTP 503 service_unavailable") == 2
    stuck = client.get("/admin/slack/memberships/", {"actual": "pending"}).content.decode()
    assert stuck.count("HTTP 503 service_unavailable") == 2
    synced = client.get("/admin/slack/memberships/", {"actual": "in"}).content.decode()
    assert "service_unavailable" not in synced
    assert client.get("/admin/slack/memberships/new/").status_code in (302, 403, 404)


def test_the_membership_list_costs_the_same_queries_at_10x(
    client, staff, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    channel = SlackChannel.objects.create(cohort=CohortFactory(), name="june-class")
    memberships(3, channel)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/admin/slack/memberships/").status_code == 200
    memberships(27, channel)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/admin/slack/memberships/").status_code == 200


def test_staff_name_a_class_channel_and_bad_names_are_refused(client, staff):
    cohort = CohortFactory()
    refused = client.post("/admin/slack/channels/new/", {"cohort": cohort.pk, "name": "May Class!"})
    assert refused.status_code == 200
    assert "lowercase letters, digits, hyphens and underscores" in refused.content.decode()
    assert not SlackChannel.objects.exists()
    saved = client.post("/admin/slack/channels/new/", {"cohort": cohort.pk, "name": "pm-may-2026"})
    assert saved.status_code == 302
    channel = SlackChannel.objects.get(cohort=cohort)
    assert channel.name == "pm-may-2026"

    SlackChannel.objects.filter(pk=channel.pk).update(slack_id="C0001")
    renamed = client.post(
        f"/admin/slack/channels/edit/{channel.pk}/", {"cohort": cohort.pk, "name": "other"}
    )
    assert "rename it in Slack, not here" in renamed.content.decode()
    assert SlackChannel.objects.get(pk=channel.pk).name == "pm-may-2026"
