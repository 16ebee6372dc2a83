"""Without a token Slack is off: no row, no task, no call, and no page mentions it."""

import pytest

from community.slack.models import SlackChannel, SlackMembership
from community.slack.services import membership_sync, slack_reconcile
from courses.services import enrollment_create
from tests.factories.accounts import VerifiedUserFactory
from tests.factories.courses import CohortFactory

pytestmark = pytest.mark.django_db


def test_without_a_token_enrolling_queues_nothing(
    slack_double, settings, django_capture_on_commit_callbacks
):
    settings.SLACK_BOT_TOKEN = ""
    cohort = CohortFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enrollment_create(user=VerifiedUserFactory(), cohort=cohort, source="staff")
    assert [c.__module__ for c in callbacks if c.__module__.startswith("community.slack")] == []
    assert not SlackChannel.objects.exists() and not SlackMembership.objects.exists()
    assert slack_reconcile() == {"synced": 0, "in_step": 0, "archived": 0}
    assert membership_sync(membership_id=1) is None
    assert slack_double.requests() == []


def test_without_a_token_the_pages_say_nothing_about_slack(client, settings):
    settings.SLACK_BOT_TOKEN = ""
    student = VerifiedUserFactory()
    cohort = CohortFactory()
    enrollment_create(user=student, cohort=cohort, source="staff")
    client.force_login(student)
    # The profile's own "Slack handle" field (community/meetups, issue 18 item 4) is the
    # student's to fill in or not; the pages below are where a class's channel would show.
    for url in ("/", "/dashboard/", cohort.course.url):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "slack" not in response.content.decode().lower(), url


@pytest.mark.parametrize(("token", "shown"), [("", False), ("xoxb-test", True)])
def test_the_admin_menu_offers_slack_only_when_it_is_on(client, settings, token, shown):
    settings.SLACK_BOT_TOKEN = token
    client.force_login(VerifiedUserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/").content.decode()
    assert ('data-name="slack"' in page or '"name": "slack"' in page) is shown
