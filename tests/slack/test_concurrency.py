"""Twin workers on PostgreSQL: students of a new class enrolled at the same moment each run
their sync (on commit, eager Celery) at once; Slack ends with one channel holding them all."""

import pytest

from community.slack.models import Actual, SlackChannel, SlackMembership
from courses.services import enrollment_create
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories.accounts import UserFactory
from tests.factories.courses import CohortFactory

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_first_enrollments_make_one_channel_and_invite_each_student_once(slack_on):
    cohort = CohortFactory(name="Busy class", capacity=50)
    students = [UserFactory(email=f"busy{n}@example.com") for n in range(8)]
    for student in students:
        slack_on.user_add(student.email)

    results = run_in_threads(
        lambda i: enrollment_create(user=students[i], cohort=cohort, source="staff"), 8
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    created = [r for r in slack_on.requests("conversations.create") if r.ok]
    assert len(created) == 1
    assert SlackChannel.objects.get(cohort=cohort).slack_id == slack_on.channel("busy-class").id
    assert slack_on.emails_in("busy-class") == {s.email for s in students}
    assert set(SlackMembership.objects.values_list("actual", flat=True)) == {Actual.IN}
    invited = [r.params["users"] for r in slack_on.requests("conversations.invite") if r.ok]
    assert len(invited) == len(set(invited)) == 8
