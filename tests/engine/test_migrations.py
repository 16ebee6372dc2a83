"""Data stored before the capacity engine survives its migrations: seat holds and ticket holds
become ``capacity.Hold`` rows, waitlist entries move to ``capacity.WaitlistEntry`` naming
their class or workshop as ``(kind, target_id)``, and staff keep their waitlist rights."""

import datetime as dt

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from engine.capacity.models import Hold, WaitlistEntry
from tests.factories import CohortFactory, WorkshopFactory

BEFORE = [
    ("courses", "0004_editors_edit_completion_rules"),
    ("payments", "0004_waitlist"),
    ("capacity", None),
]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_holds_and_waitlist_entries_are_carried_over():
    cohort = CohortFactory(capacity=10)
    workshop = WorkshopFactory(capacity=5)
    expires = timezone.now() + dt.timedelta(minutes=30)
    executor = migrate(BEFORE)
    try:
        old = executor.loader.project_state([t for t in BEFORE if t[1]]).apps
        old.get_model("courses", "SeatHold").objects.create(
            cohort_id=cohort.pk, reference="team:1", seats=4, expires_at=None
        )
        old.get_model("payments", "TicketHold").objects.create(
            workshop_id=workshop.pk, reference="order:9", tickets=2, expires_at=expires
        )
        entry = old.get_model("payments", "WaitlistEntry")
        entry.objects.create(email="ada@example.com", position=1, cohort_id=cohort.pk)
        entry.objects.create(email="bob@example.com", position=1, workshop_id=workshop.pk)
        permission = old.get_model("auth", "Permission").objects.get(
            content_type__app_label="payments", codename="reorder_waitlistentry"
        )
        staff = old.get_model("auth", "Group").objects.create(name="Waitlist staff")
        staff.permissions.add(permission)
    finally:
        leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
        migrate(leaves)

    holds = {h.reference: (h.kind, h.target_id, h.places, h.expires_at) for h in Hold.objects.all()}
    assert holds == {
        "team:1": ("cohort", cohort.pk, 4, None),
        "order:9": ("workshop", workshop.pk, 2, expires),
    }
    entries = dict(WaitlistEntry.objects.values_list("email", "kind"))
    assert entries == {"ada@example.com": "cohort", "bob@example.com": "workshop"}
    assert WaitlistEntry.objects.get(email="ada@example.com").target == cohort
    assert WaitlistEntry.objects.get(email="bob@example.com").target.pk == workshop.pk
    rights = Group.objects.get(name="Waitlist staff").permissions.values_list(
        "content_type__app_label", "codename"
    )
    assert list(rights) == [("capacity", "reorder_waitlistentry")]
