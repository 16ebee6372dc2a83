"""The class channels against the Slack double, through the real slack_sdk: enrollments move
students in and out, faults are waited out or converge later, nothing happens twice."""

import time
from datetime import timedelta

import pytest

from django.utils import timezone

from community.slack.models import Actual, SlackChannel, SlackMembership, Wanted
from community.slack.services import slack_reconcile
from community.slack.tasks import reconcile
from courses.models import EnrollmentStatus
from courses.services import (
    enrollment_create,
    enrollment_revoke_following_transfers,
    enrollment_transfer,
)
from tests.factories.accounts import UserFactory
from tests.factories.courses import CohortFactory

pytestmark = pytest.mark.django_db


def enroll(user, cohort, capture):
    with capture(execute=True):
        enrollment, _ = enrollment_create(user=user, cohort=cohort, source="staff")
    return enrollment


def invites(double):
    return [r for r in double.requests("conversations.invite") if r.ok]


def test_the_first_enrollment_creates_the_channel_and_adds_the_student(
    slack_on, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(name="May 2026 class")
    ada = UserFactory(email="ada@example.com")
    ada_id = slack_on.user_add("ada@example.com")
    enroll(ada, cohort, django_capture_on_commit_callbacks)
    channel = SlackChannel.objects.get(cohort=cohort)
    assert channel.name == "may-2026-class" and channel.slack_id
    assert slack_on.channel("may-2026-class").is_private
    assert ada_id in slack_on.members("may-2026-class")
    membership = SlackMembership.objects.get(user=ada)
    assert (membership.wanted, membership.actual, membership.last_error) == ("in", "in", "")
    bob = UserFactory(email="bob@example.com")
    slack_on.user_add("bob@example.com")
    enroll(bob, cohort, django_capture_on_commit_callbacks)
    assert len(slack_on.requests("conversations.create")) == 1
    assert slack_on.emails_in("may-2026-class") == {"ada@example.com", "bob@example.com"}


def test_a_refund_removes_the_student(slack_on, django_capture_on_commit_callbacks):
    cohort = CohortFactory(name="June class")
    ada = UserFactory(email="ada@example.com")
    slack_on.user_add("ada@example.com")
    enrollment = enroll(ada, cohort, django_capture_on_commit_callbacks)
    assert slack_on.emails_in("june-class") == {"ada@example.com"}
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_revoke_following_transfers(
            enrollment=enrollment, status=EnrollmentStatus.REFUNDED
        )
    assert slack_on.emails_in("june-class") == set()
    assert SlackMembership.objects.get(user=ada).actual == Actual.OUT


def test_a_transfer_moves_the_student_to_the_new_class_channel(
    slack_on, django_capture_on_commit_callbacks
):
    may = CohortFactory(name="May class")
    september = CohortFactory(name="September class", course=may.course)
    ada = UserFactory(email="ada@example.com")
    slack_on.user_add("ada@example.com")
    enrollment = enroll(ada, may, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_transfer(enrollment=enrollment, to_cohort=september)
    assert slack_on.emails_in("may-class") == set()
    assert slack_on.emails_in("september-class") == {"ada@example.com"}
    states = dict(SlackMembership.objects.values_list("channel__name", "actual"))
    assert states == {"may-class": "out", "september-class": "in"}


def test_a_rolled_back_enrollment_calls_no_one(slack_on, django_capture_on_commit_callbacks):
    from django.db import transaction

    cohort = CohortFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enrollment_create(user=UserFactory(), cohort=cohort, source="staff")
        raise RuntimeError("the checkout failed after the place was taken")
    assert callbacks == []
    assert slack_on.requests() == []
    assert not SlackMembership.objects.exists()


def test_a_429_is_waited_out_for_retry_after_seconds(slack_on, django_capture_on_commit_callbacks):
    cohort = CohortFactory(name="Rate limited class")
    ada = UserFactory(email="ada@example.com")
    slack_on.user_add("ada@example.com")
    slack_on.fail("conversations.invite", status=429, retry_after=1)
    started = time.monotonic()
    enroll(ada, cohort, django_capture_on_commit_callbacks)
    waited = time.monotonic() - started
    assert [r.status for r in slack_on.requests("conversations.invite")] == [429, 200]
    assert waited >= 1.0  # Retry-After: 1, honoured before the second call
    assert slack_on.emails_in("rate-limited-class") == {"ada@example.com"}


def test_5xx_answers_are_retried_with_backoff(slack_on, django_capture_on_commit_callbacks):
    cohort = CohortFactory(name="Flaky class")
    ada = UserFactory(email="ada@example.com")
    slack_on.user_add("ada@example.com")
    slack_on.fail("conversations.create", status=502, times=2)
    enroll(ada, cohort, django_capture_on_commit_callbacks)
    assert [r.status for r in slack_on.requests("conversations.create")] == [502, 502, 200]
    assert SlackMembership.objects.get(user=ada).actual == Actual.IN


def test_reconciliation_converges_after_an_outage_and_adds_no_one_twice(
    slack_on, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(name="Outage class")
    students = [UserFactory(email=f"student{n}@example.com") for n in range(3)]
    for student in students:
        slack_on.user_add(student.email)
    slack_on.set_down(True)
    for student in students:
        enroll(student, cohort, django_capture_on_commit_callbacks)
    stuck = SlackMembership.objects.all()
    assert {m.actual for m in stuck} == {Actual.PENDING}
    assert all("HTTP 503" in m.last_error and m.attempts == 1 for m in stuck)
    assert slack_on.emails_in("outage-class") == set()

    slack_on.set_down(False)
    # The beat entry point, as the worker runs it.
    assert reconcile.apply().get() == {"synced": 3, "in_step": 3, "archived": 0}
    assert slack_on.emails_in("outage-class") == {s.email for s in students}
    assert slack_reconcile() == {"synced": 0, "in_step": 0, "archived": 0}
    invited = [r.params["users"] for r in invites(slack_on)]
    assert len(invited) == len(set(invited)) == 3
    assert len([r for r in slack_on.requests("conversations.create") if r.ok]) == 1


def test_a_lost_task_is_made_up_by_the_reconciler(slack_on):
    """The on-commit task never ran (a worker lost it): the beat job does its work."""
    cohort = CohortFactory(name="Lost task class")
    ada = UserFactory(email="ada@example.com")
    slack_on.user_add("ada@example.com")
    enrollment_create(user=ada, cohort=cohort, source="staff")  # on-commit callbacks dropped
    assert slack_on.requests() == []
    slack_reconcile()
    assert slack_on.emails_in("lost-task-class") == {"ada@example.com"}


def test_a_twin_that_created_the_channel_first_is_adopted(
    slack_on, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(name="Twin class")
    from slack_sdk import WebClient

    made = WebClient(token=slack_on.token, base_url=slack_on.base_url).conversations_create(
        name="twin-class", is_private=True
    )
    ada = UserFactory(email="ada@example.com")
    slack_on.user_add("ada@example.com")
    enroll(ada, cohort, django_capture_on_commit_callbacks)
    assert SlackChannel.objects.get(cohort=cohort).slack_id == made["channel"]["id"]
    assert slack_on.emails_in("twin-class") == {"ada@example.com"}


def test_a_student_outside_the_workspace_gets_the_invitation_once(
    slack_on, django_capture_on_commit_callbacks, mailoutbox
):
    cohort = CohortFactory(name="Newcomers class")
    ada = UserFactory(email="ada@example.com")
    enroll(ada, cohort, django_capture_on_commit_callbacks)
    membership = SlackMembership.objects.get(user=ada)
    assert membership.actual == Actual.NOT_IN_WORKSPACE
    slack_reconcile()
    slack_reconcile()
    assert [m.to for m in mailoutbox] == [["ada@example.com"]]
    message = mailoutbox[0]
    assert "Newcomers class" in message.subject
    assert "zt-double" in message.body
    assert "zt-double" in message.alternatives[0][0]

    slack_on.user_add("ada@example.com")  # they joined the workspace with the link
    slack_reconcile()
    assert slack_on.emails_in("newcomers-class") == {"ada@example.com"}
    assert len(mailoutbox) == 1


def test_the_channel_is_archived_n_days_after_the_class_ends(
    slack_on, django_capture_on_commit_callbacks
):
    ended = timezone.localdate() - timedelta(weeks=10, days=14)
    cohort = CohortFactory(name="Old class", start_date=ended)
    recent = CohortFactory(name="Recent class", start_date=ended + timedelta(days=1))
    for n, class_ in enumerate((cohort, recent)):
        user = UserFactory(email=f"s{n}@example.com")
        slack_on.user_add(user.email)
        enroll(user, class_, django_capture_on_commit_callbacks)
    assert slack_reconcile()["archived"] == 1
    assert slack_on.channel("old-class").is_archived
    assert not slack_on.channel("recent-class").is_archived
    assert SlackChannel.objects.get(cohort=cohort).archived_at is not None
    assert slack_reconcile()["archived"] == 0
    assert len(slack_on.requests("conversations.archive")) == 1


def test_staff_name_the_channel_before_the_first_enrollment(
    slack_on, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(name="Named class")
    SlackChannel.objects.create(cohort=cohort, name="product-discovery-may")
    ada = UserFactory(email="ada@example.com")
    slack_on.user_add("ada@example.com")
    enroll(ada, cohort, django_capture_on_commit_callbacks)
    assert slack_on.emails_in("product-discovery-may") == {"ada@example.com"}


def test_wanted_state_changes_only_when_it_changes(slack_on, django_capture_on_commit_callbacks):
    from community.slack.services import membership_want

    cohort = CohortFactory()
    ada = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        membership_want(cohort=cohort, user=ada, wanted=Wanted.IN)
        membership_want(cohort=cohort, user=ada, wanted=Wanted.IN)
    assert [c.__module__ for c in callbacks] == ["community.slack.services"]
    with pytest.raises(ValueError, match="wanted is one of in, out"):
        membership_want(cohort=cohort, user=ada, wanted="maybe")


def test_beat_reconciles_every_few_minutes(settings):
    from cms.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["slack-reconcile"]
    assert entry["task"] == "slack_sync.reconcile" in app.tasks
    assert entry["schedule"] <= 600
