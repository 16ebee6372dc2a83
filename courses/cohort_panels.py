"""Extension point: what other apps show under each upcoming class on the course page.

The course page lists the classes a buyer can still pick. What a place costs and how to buy
one belong to ``payments``, which ``courses`` never imports (imports point down, see
docs/architecture.md). So ``courses`` keeps this registry of panels, and the course page
renders every registered panel under every upcoming class with
``{% cohort_panels cohort view.upcoming_cohorts %}`` (``courses_tags``). ``payments``
registers its prices and "Buy" button from ``PaymentsConfig.ready()``. With nothing
registered, the page shows the classes without a panel.

A panel is a function called with keyword arguments: ``context`` (the template context of
the page), ``cohort`` (one class, annotated by ``cohorts_upcoming``) and ``cohorts`` (every
class the page lists, so a panel can load what it needs for all of them in one query). It
returns HTML; anything not marked safe is escaped.
"""

from collections.abc import Sequence
from typing import Protocol

from django.template import Context

from courses.models import Cohort


class CohortPanel(Protocol):
    def __call__(self, *, context: Context, cohort: Cohort, cohorts: Sequence[Cohort]) -> str: ...


_panels: dict[str, CohortPanel] = {}


def cohort_panel_register(*, name: str, panel: CohortPanel) -> None:
    """Show ``panel`` under every upcoming class, after the panels registered before it.

    Registering a ``name`` again replaces its panel, so an app's ``ready()`` running twice
    (as it may in tests) does not show the panel twice.
    """
    _panels[name] = panel


def cohort_panel_unregister(*, name: str) -> None:
    _panels.pop(name, None)


def cohort_panels_registered() -> list[CohortPanel]:
    return list(_panels.values())
