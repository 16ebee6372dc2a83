"""Extension point: figures other apps add as columns to the class (cohort) listing in the admin.

Staff read a class's state at a glance from the listing: seats taken, held by checkouts and
left (courses counts those with the capacity engine), and what the class brought in (money
belongs to ``payments``, which ``courses`` never imports). So ``courses`` keeps this
registry: each entry is one or more Wagtail columns plus a function that annotates the listing's
queryset with the figure the column reads. Every figure is a database annotation (a
subquery per column), so the listing costs the same number of queries for 10 classes or
10,000 enrollments.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from wagtail.admin.ui.tables import Column

from engine.registry import OrderedRegistry

Annotate = Callable[[QuerySet, datetime], QuerySet]


@dataclass(frozen=True)
class CohortAdminColumn:
    columns: tuple[Column, ...]
    annotate: Annotate


_registry: OrderedRegistry[CohortAdminColumn] = OrderedRegistry()


def cohort_admin_column_register(
    *, name: str, columns: list[Column], annotate: Annotate, order: int = 100
) -> None:
    """Show ``columns`` in the class listing, reading what ``annotate(queryset, now)`` adds.

    Registering a ``name`` again replaces it (an app's ``ready()`` may run twice in tests).
    Columns are shown by ``order``, then by name.
    """
    _registry.register(
        name=name, item=CohortAdminColumn(columns=tuple(columns), annotate=annotate), order=order
    )


def cohort_admin_columns() -> list[CohortAdminColumn]:
    return _registry.items()
