"""The old email ledgers move into the outbox without losing what was stored: a sent release
notice stays sent (never sent again), a failed one keeps its error, a pending one becomes a
pending outbox row; every PaymentEmail row becomes a sent outbox row with its key."""

import datetime as dt

import pytest

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import CoursePageFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("courses", "0004_editors_edit_completion_rules"), ("payments", "0004_waitlist")]
AFTER = [
    ("courses", "0005_notices_send_through_the_outbox"),
    ("payments", "0005_payment_emails_move_to_the_outbox"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    """The tests after this one find every migration applied, whatever this one left: other
    apps' migrations (the capacity engine's) sit between BEFORE and the latest schema."""
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_notice_and_payment_ledgers_are_copied_into_the_outbox():
    course = CoursePageFactory()  # the page tree is unchanged by these migrations
    old = migrate(BEFORE)
    User = old.get_model(*settings.AUTH_USER_MODEL.split("."))
    student = User.objects.create(email="kept@example.com", password="!")
    Cohort = old.get_model("courses", "Cohort")
    cohort = Cohort.objects.create(
        name="Old class",
        slug="old-class",
        start_date=dt.date(2026, 1, 5),
        timezone="UTC",
        capacity=10,
        course_id=course.pk,
    )
    Enrollment = old.get_model("courses", "Enrollment")
    enrollments = [
        Enrollment.objects.create(
            user=User.objects.create(email=f"s{i}@example.com", password="!"), cohort=cohort
        )
        for i in range(3)
    ]
    WeekRelease = old.get_model("courses", "WeekRelease")
    release = WeekRelease.objects.create(
        cohort=cohort, week_number=1, released_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    )
    Notice = old.get_model("courses", "ReleaseNotice")
    sent_at = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    Notice.objects.create(
        enrollment=enrollments[0], week_release=release, status="sent", sent_at=sent_at
    )
    Notice.objects.create(
        enrollment=enrollments[1],
        week_release=release,
        status="failed",
        attempts=5,
        last_error="550 No such mailbox",
    )
    Notice.objects.create(
        enrollment=enrollments[2], week_release=release, status="skipped", skip_reason="opted_out"
    )
    PaymentEmail = old.get_model("payments", "PaymentEmail")
    PaymentEmail.objects.create(kind="receipt", reference="order:7", recipients=student.email)

    new = migrate(AFTER)
    OutboxEmail = new.get_model("outbox", "OutboxEmail")
    Notice = new.get_model("courses", "ReleaseNotice")
    sent, failed, skipped = (Notice.objects.get(enrollment_id=e.pk) for e in enrollments)
    assert (sent.status, failed.status, skipped.status) == ("email", "email", "skipped")
    assert OutboxEmail.objects.get(pk=sent.email_id).state == "sent"
    assert OutboxEmail.objects.get(pk=sent.email_id).sent_at == sent_at
    kept = OutboxEmail.objects.get(pk=failed.email_id)
    assert (kept.state, kept.attempts, kept.last_error) == ("failed", 5, "550 No such mailbox")
    assert skipped.email_id is None
    receipt = OutboxEmail.objects.get(key="receipt:order:7")
    assert (receipt.kind, receipt.state, receipt.recipients) == ("receipt", "sent", [student.email])
