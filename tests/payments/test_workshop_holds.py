"""Ticket holds (the capacity engine's holds of kind "workshop"): counting, holding,
releasing, expiring, and the engine's ``places_freed`` signal."""

import datetime as dt

import pytest

from django.utils import timezone

from engine.capacity.models import Hold
from engine.capacity.services import hold_place, hold_release, holds_sweep
from engine.capacity.signals import places_freed
from payments.models import TicketStatus
from payments.workshops import (
    WorkshopSoldOut,
    ticket_end,
    ticket_issue,
    workshop_tickets_left,
)
from tests.factories import TicketFactory, VerifiedUserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def freed():
    """Collects the ``places_freed`` signals sent (after commit) during a test."""
    received: list = []

    def receiver(sender, kind, target_id, **kwargs):
        received.append((kind, target_id))

    places_freed.connect(receiver, dispatch_uid="test-places-freed")
    yield received
    places_freed.disconnect(dispatch_uid="test-places-freed")


def later(minutes: int = 30):
    return timezone.now() + dt.timedelta(minutes=minutes)


def test_tickets_left_counts_tickets_and_unexpired_holds_only():
    workshop = WorkshopFactory(capacity=5)
    TicketFactory(workshop=workshop, quantity=2)
    TicketFactory(workshop=workshop, status=TicketStatus.REFUNDED)
    hold_place(target=workshop, reference="order:1", places=1, expires_at=later())
    Hold.objects.create(
        kind="workshop",
        target_id=workshop.pk,
        reference="order:old",
        places=2,
        expires_at=later(-1),
    )
    assert workshop_tickets_left(workshop=workshop) == 2


def test_a_hold_beyond_capacity_is_refused_and_writes_nothing():
    workshop = WorkshopFactory(capacity=2)
    hold_place(target=workshop, reference="order:1", places=2, expires_at=later())
    with pytest.raises(WorkshopSoldOut) as refused:
        hold_place(target=workshop, reference="order:2", places=1, expires_at=later())
    assert refused.value.message == f"{workshop.title} is sold out."
    assert not Hold.objects.filter(reference="order:2").exists()


def test_placing_the_same_hold_again_is_idempotent_and_resizes():
    workshop = WorkshopFactory(capacity=3)
    first = hold_place(target=workshop, reference="order:1", places=1, expires_at=None)
    again = hold_place(target=workshop, reference="order:1", places=3, expires_at=None)
    assert first.pk == again.pk and again.places == 3
    assert workshop_tickets_left(workshop=workshop) == 0
    with pytest.raises(WorkshopSoldOut) as refused:
        hold_place(target=workshop, reference="order:2", places=2, expires_at=None)
    assert "has only" not in refused.value.message


def test_expiry_returns_the_ticket(freed, django_capture_on_commit_callbacks):
    workshop = WorkshopFactory(capacity=1)
    now = timezone.now()
    hold_place(
        target=workshop,
        reference="order:1",
        places=1,
        expires_at=now + dt.timedelta(minutes=31),
        now=now,
    )
    assert workshop_tickets_left(workshop=workshop, now=now) == 0
    after = now + dt.timedelta(minutes=32)
    assert workshop_tickets_left(workshop=workshop, now=after) == 1
    # Someone else can hold it at once; the sweep then tells the waitlist.
    hold_place(target=workshop, reference="order:2", places=1, expires_at=None, now=after)
    with django_capture_on_commit_callbacks(execute=True):
        assert holds_sweep(now=after) == 1
    assert freed == [("workshop", workshop.pk)]
    assert list(Hold.objects.values_list("reference", flat=True)) == ["order:2"]


def test_release_frees_the_places_once_and_signals_after_commit(
    freed, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(capacity=2)
    hold_place(target=workshop, reference="order:1", places=2, expires_at=later())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert hold_release(reference="order:1") == 2
    assert freed == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert freed == [("workshop", workshop.pk)]
    assert hold_release(reference="order:1") == 0
    assert workshop_tickets_left(workshop=workshop) == 2


def test_issue_turns_the_hold_into_a_ticket():
    workshop = WorkshopFactory(capacity=1)
    buyer = VerifiedUserFactory()
    hold_place(target=workshop, reference="order:1", places=1, expires_at=later())
    ticket = ticket_issue(
        workshop=workshop, holder=buyer, reference="order:1", tickets=1, now=timezone.now()
    )
    assert (ticket.holder, ticket.quantity, ticket.status) == (buyer, 1, TicketStatus.ACTIVE)
    assert not Hold.objects.exists()
    assert workshop_tickets_left(workshop=workshop) == 0


def test_issue_without_a_live_hold_takes_a_free_place_or_refuses():
    workshop = WorkshopFactory(capacity=1)
    now = timezone.now()
    Hold.objects.create(
        kind="workshop",
        target_id=workshop.pk,
        reference="order:1",
        places=1,
        expires_at=now - dt.timedelta(seconds=1),
    )
    hold_place(target=workshop, reference="order:2", places=1, expires_at=later())
    with pytest.raises(WorkshopSoldOut):
        ticket_issue(
            workshop=workshop, holder=VerifiedUserFactory(), reference="order:1", tickets=1, now=now
        )
    hold_release(reference="order:2")
    ticket = ticket_issue(
        workshop=workshop, holder=VerifiedUserFactory(), reference="order:1", tickets=1, now=now
    )
    assert ticket.status == TicketStatus.ACTIVE
    assert not Hold.objects.exists()


def test_ending_a_ticket_frees_its_places_once(freed, django_capture_on_commit_callbacks):
    ticket = TicketFactory(workshop=WorkshopFactory(capacity=1))
    assert workshop_tickets_left(workshop=ticket.workshop) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert ticket_end(ticket=ticket, now=timezone.now())
        assert not ticket_end(ticket=ticket, now=timezone.now())
    assert workshop_tickets_left(workshop=ticket.workshop) == 1
    assert freed == [("workshop", ticket.workshop.pk)]
