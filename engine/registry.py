"""A named, ordered registry: how a lower floor lets the floors above it add things.

The extension points (``cms.account_menu``, ``courses.lesson_panels``, ...) each keep one of
these. An app registers from its ``AppConfig.ready()``; registering a ``name`` again replaces
its entry, so a ``ready()`` that runs twice (as it may in tests) adds nothing twice. Entries
come back in ``order`` (lowest first), then by name, so what a page shows does not depend on
the order apps happen to load in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class _Entry(Generic[T]):
    order: int
    name: str
    item: T


class OrderedRegistry(Generic[T]):
    def __init__(self) -> None:
        self._entries: dict[str, _Entry[T]] = {}

    def register(self, *, name: str, item: T, order: int = 50) -> None:
        self._entries[name] = _Entry(order=order, name=name, item=item)

    def unregister(self, *, name: str) -> None:
        self._entries.pop(name, None)

    def items(self) -> list[T]:
        entries = sorted(self._entries.values(), key=lambda entry: (entry.order, entry.name))
        return [entry.item for entry in entries]
