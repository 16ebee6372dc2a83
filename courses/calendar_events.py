"""Extension point: events other apps add to a student's calendar feed (``courses.calendar``).

The feed lists the weeks of the reader's classes; live sessions, coaching bookings and the
like belong to apps that stand on ``courses``, which ``courses`` never imports (imports point
down, see docs/architecture.md). So ``courses`` keeps this registry: an app registers a
function from its ``AppConfig.ready()``; the feed calls each one, in ``order``, with
keyword arguments ``user`` and ``now`` and adds the ``CalendarEvent``s it returns. A
provider should load what it needs in a constant number of queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from engine.registry import OrderedRegistry


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable across changes of date, so a moved event moves in the calendar
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str = ""
    url: str = ""


class CalendarEvents(Protocol):
    def __call__(self, *, user, now: datetime) -> Sequence[CalendarEvent]: ...


_registry: OrderedRegistry[CalendarEvents] = OrderedRegistry()


def calendar_events_register(*, name: str, events: CalendarEvents, order: int = 50) -> None:
    """Add ``events``' events to every student's feed (registering ``name`` again replaces
    it)."""
    _registry.register(name=name, item=events, order=order)


def calendar_events_unregister(*, name: str) -> None:
    _registry.unregister(name=name)


def calendar_events_registered() -> list[CalendarEvents]:
    return _registry.items()
