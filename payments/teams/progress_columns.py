"""Extension point: columns other apps add to a team's progress (page, API and CSV).

``payments`` may not import the apps standing above it (``coaching``), yet the owner of a team
wants to see, per member, what those apps know: the week's Kata exercise submitted or not. So
``payments`` keeps this registry and an app registers a column from its ``AppConfig.ready()``.
A column answers for every member at once (``cells`` gets all of them and must cost a
constant number of queries, one is the rule), so the team page costs the same for 1 member or
100 (tests/payments/test_team_progress.py). Registering a ``name`` again replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.registry import OrderedRegistry


@dataclass(frozen=True)
class MemberWeek:
    """Who a column is asked about: a member who claimed a seat, the course of the class they
    are in now, and the latest week open to them (None before the first week opens)."""

    user_id: int
    course_id: int
    week_number: int | None


@dataclass(frozen=True)
class ProgressCell:
    value: str  # what the API and the CSV give, e.g. "submitted"
    label: str  # what the page shows, e.g. "Week 2: submitted"


EMPTY = ProgressCell(value="", label="")

Cells = Callable[[list[MemberWeek]], dict[int, ProgressCell]]  # by user id


@dataclass(frozen=True)
class TeamProgressColumn:
    key: str  # the API's and the CSV's name for the column
    heading: str
    cells: Cells


_registry: OrderedRegistry[TeamProgressColumn] = OrderedRegistry()


def team_progress_column_register(
    *, name: str, key: str, heading: str, cells: Cells, order: int = 100
) -> None:
    """Add a column ``key`` headed ``heading``; ``cells(members)`` gives each member's cell by
    user id (members it leaves out, and invitees who have no account yet, get an empty cell)."""
    _registry.register(
        name=name, item=TeamProgressColumn(key=key, heading=heading, cells=cells), order=order
    )


def team_progress_column_unregister(*, name: str) -> None:
    _registry.unregister(name=name)


def team_progress_columns() -> list[TeamProgressColumn]:
    return _registry.items()
