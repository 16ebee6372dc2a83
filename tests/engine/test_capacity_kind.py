"""A kind that exists only in the test tree (``rooms.RoomPlaces``) gets holds, sold out, the
announcement of freed places and waitlist offers from the engine alone, without a line of
checkout code; and never oversells, with threads on PostgreSQL."""

import datetime as dt
import re
from pathlib import Path

import pytest

from django.db import transaction
from django.utils import timezone

from engine.capacity.errors import NotEnoughPlaces
from engine.capacity.models import Hold, WaitlistEntry, WaitlistStatus
from engine.capacity.services import (
    hold_place,
    hold_rekey,
    hold_release,
    holds_sweep,
    places_left,
    places_take,
)
from engine.capacity.signals import places_freed
from engine.capacity.waitlist import waitlist_join, waitlist_leave, waitlist_offer_next
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres

from .rooms import Booking, Room

pytestmark = pytest.mark.django_db


def in_minutes(minutes: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


@pytest.fixture
def freed():
    """The ``places_freed`` announcements made (after commit) during a test."""
    received: list = []

    def receiver(sender, kind, target_id, **kwargs):
        received.append((kind, target_id))

    places_freed.connect(receiver, dispatch_uid="test-engine-freed")
    yield received
    places_freed.disconnect(dispatch_uid="test-engine-freed")


def test_a_hold_takes_places_until_it_expires(rooms):
    room = Room.objects.create(name="Room A", capacity=3)

    hold = hold_place(target=room, reference="order:1", places=2, expires_at=in_minutes(30))

    assert (hold.kind, hold.target_id, hold.places) == ("room", room.pk, 2)
    assert places_left(target=room) == 1
    assert places_left(target=room, now=in_minutes(31)) == 3


def test_a_full_room_refuses_with_the_places_left_and_writes_nothing(rooms):
    room = Room.objects.create(name="Room A", capacity=3)
    Booking.objects.create(room=room, email="ada@example.com")
    hold_place(target=room, reference="order:1", places=1, expires_at=None)

    with pytest.raises(NotEnoughPlaces) as refused:
        hold_place(target=room, reference="order:2", places=2, expires_at=None)

    assert str(refused.value) == "Room A has only 1 place(s) left; 2 asked for."
    assert (refused.value.places_left, refused.value.places_wanted) == (1, 2)
    assert not Hold.objects.filter(reference="order:2").exists()
    hold_place(target=room, reference="order:3", places=1, expires_at=None)
    with pytest.raises(NotEnoughPlaces, match=r"^Room A is full\.$"):
        hold_place(target=room, reference="order:4", places=1, expires_at=None)


def test_a_held_place_becomes_permanent_and_a_rekeyed_hold_keeps_its_places(rooms):
    room = Room.objects.create(name="Room A", capacity=2)
    hold_place(target=room, reference="waitlist:1", places=2, expires_at=in_minutes(60))
    hold_rekey(
        target=room,
        reference="waitlist:1",
        new_reference="order:1",
        places=2,
        expires_at=in_minutes(30),
    )

    assert places_take(target=room, reference="order:1", places=1)
    Booking.objects.create(room=room, email="ada@example.com")

    assert Hold.objects.get(reference="order:1").places == 1
    assert places_left(target=room) == 0
    with pytest.raises(NotEnoughPlaces):
        places_take(target=room, reference="order:unknown", places=1)


def test_released_and_swept_places_are_announced_after_the_commit(
    rooms, freed, django_capture_on_commit_callbacks
):
    room = Room.objects.create(name="Room A", capacity=2)
    hold_place(target=room, reference="order:1", places=1, expires_at=None)
    hold_place(target=room, reference="order:2", places=1, expires_at=in_minutes(5))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert hold_release(reference="order:1") == 1
    assert freed == []
    for callback in callbacks:
        callback()
    assert freed == [("room", room.pk)]

    with django_capture_on_commit_callbacks(execute=True):
        assert holds_sweep(now=in_minutes(10)) == 1
    assert freed == [("room", room.pk), ("room", room.pk)]
    assert not Hold.objects.exists()


def test_the_waitlist_offers_a_freed_place_of_the_new_kind(
    rooms, django_capture_on_commit_callbacks
):
    room = Room.objects.create(name="Room A", capacity=1)
    hold_place(target=room, reference="order:1", places=1, expires_at=None)
    ada = waitlist_join(target=room, email="ada@example.com").entry
    bob = waitlist_join(target=room, email="bob@example.com").entry
    assert (ada.kind, ada.target_id, ada.target) == ("room", room.pk, room)
    assert waitlist_offer_next(target=room) == []  # nothing free yet

    with django_capture_on_commit_callbacks(execute=True):
        hold_release(reference="order:1")  # announced -> the waitlist offers it

    ada.refresh_from_db()
    bob.refresh_from_db()
    assert (ada.status, bob.status) == (WaitlistStatus.OFFERED, WaitlistStatus.WAITING)
    assert rooms.offers == [(room.pk, ada.hold_reference)]
    assert Hold.objects.get(reference=ada.hold_reference).expires_at == ada.offer_expires_at
    assert places_left(target=room) == 0
    assert rooms.joined == ["ada@example.com", "bob@example.com"]

    with django_capture_on_commit_callbacks(execute=True):
        waitlist_leave(entry=ada)  # her place passes on
    bob.refresh_from_db()
    assert bob.status == WaitlistStatus.OFFERED
    assert rooms.offers[-1] == (room.pk, bob.hold_reference)


def test_the_engine_imports_no_app_above_it():
    engine = Path(__file__).resolve().parents[2] / "engine"
    above = re.compile(r"^\s*(from|import)\s+(cms|courses|payments|community)\b", re.MULTILINE)
    offenders = [
        str(path.relative_to(engine.parent))
        for path in engine.rglob("*.py")
        if above.search(path.read_text())
    ]
    assert offenders == []


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_holds_and_takes_never_oversell_a_room(rooms):
    room = Room.objects.create(name="Room A", capacity=5)

    def buy(index: int):
        if index % 3 == 0:  # a direct booking, no hold first, in one transaction
            with transaction.atomic():
                places_take(target=room)
                return Booking.objects.create(room=room, email=f"b{index}@example.com")
        return hold_place(target=room, reference=f"order:{index}", places=1, expires_at=None)

    results = run_in_threads(buy, 15)

    refused = [r for r in results if isinstance(r, NotEnoughPlaces)]
    assert len(refused) == 10
    booked = Booking.objects.filter(room=room).count()
    held = Hold.objects.filter(kind="room", target_id=room.pk).count()
    assert booked + held == 5
    assert places_left(target=room) == 0


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_offer_runs_make_one_offer_per_free_place(rooms):
    room = Room.objects.create(name="Room A", capacity=2)
    hold_place(target=room, reference="order:1", places=2, expires_at=None)
    for index in range(4):
        waitlist_join(target=room, email=f"p{index}@example.com")
    hold_release(reference="order:1")

    run_in_threads(lambda _: waitlist_offer_next(target=room), 6)

    offered = WaitlistEntry.objects.filter(
        kind="room", target_id=room.pk, status=WaitlistStatus.OFFERED
    )
    assert sorted(offered.values_list("email", flat=True)) == [
        "p0@example.com",
        "p1@example.com",
    ]
    assert Hold.objects.filter(kind="room", target_id=room.pk).count() == 2
    assert places_left(target=room) == 0
