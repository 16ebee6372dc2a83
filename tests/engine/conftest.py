import pytest

from django.db import connection

from engine.capacity.kinds import kind_register, kind_unregister
from tests.stripe_double.fixtures import stripe_double, stripe_double_server  # noqa: F401

from .rooms import Booking, Room, RoomPlaces


@pytest.fixture(scope="session")
def _room_tables(django_db_setup, django_db_blocker):
    """The test kind's tables, created once in the test database (no migration knows them)."""
    with django_db_blocker.unblock():
        existing = connection.introspection.table_names()
        with connection.schema_editor() as editor:
            for model in (Room, Booking):
                if model._meta.db_table not in existing:
                    editor.create_model(model)


@pytest.fixture
def rooms(_room_tables, db):
    """The "room" kind, registered for one test; its rows are removed afterwards (the app is
    not installed, so a transactional test's flush does not see them)."""
    kind = kind_register(RoomPlaces())
    yield kind
    kind_unregister(kind.name)
    Booking.objects.all().delete()
    Room.objects.all().delete()
