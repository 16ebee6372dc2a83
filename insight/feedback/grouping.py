"""Flags close together in time are one confusing moment: group them (a pure function)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

#: Flags within this many seconds of the group's first flag join it.
GROUP_WINDOW_SECONDS = 30.0


@dataclass
class MomentGroup(Generic[T]):
    start: float
    end: float
    items: list[T] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.items)


def group_by_moment(
    items: Iterable[T], *, moment_of, window: float = GROUP_WINDOW_SECONDS
) -> list[MomentGroup[T]]:
    """Sort ``items`` by ``moment_of(item)`` and cut them into groups: a group starts at its
    earliest moment and takes every item up to ``window`` seconds after that start."""
    if window <= 0:
        raise ValueError("window must be positive")
    groups: list[MomentGroup[T]] = []
    for item in sorted(items, key=moment_of):
        moment = moment_of(item)
        if groups and moment - groups[-1].start <= window:
            groups[-1].items.append(item)
            groups[-1].end = moment
        else:
            groups.append(MomentGroup(start=moment, end=moment, items=[item]))
    return groups
