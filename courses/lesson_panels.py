"""Extension point: what other apps show under a lesson the reader may open.

A lesson ends with more than its body: a discussion, a rating, the week's exercise. Those
belong to apps that stand on ``courses`` (``community``, ``insight``, ...), which ``courses``
never imports (imports point down, see docs/architecture.md). So ``courses`` keeps this
registry, and the lesson page renders every registered panel, in ``order`` (lowest first,
then by name), below the lesson body with ``{% lesson_panels %}`` (``courses_tags``), only
when the access policy lets the reader open the lesson (students of a released week, staff
previewing). With nothing registered, the lesson page shows the body alone.

A panel is a function called with keyword arguments: ``context`` (the page's template
context), ``lesson`` (the ``LessonPage``), ``access`` (the policy's ``Access`` answer for this
reader, with its ``cohort``) and ``request``. It returns HTML (anything not marked safe is
escaped), or "" to show nothing. The student lesson page has a query budget
(tests/courses/test_lesson_queries.py): a panel should load what it needs in a constant
number of queries, whatever the size of the class or the discussion.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.http import HttpRequest
from django.template import Context

from engine.registry import OrderedRegistry

if TYPE_CHECKING:
    from courses.models import LessonPage
    from courses.selectors.access import Access


class LessonPanel(Protocol):
    def __call__(
        self, *, context: Context, lesson: LessonPage, access: Access, request: HttpRequest
    ) -> str: ...


_registry: OrderedRegistry[LessonPanel] = OrderedRegistry()


def lesson_panel_register(*, name: str, panel: LessonPanel, order: int = 50) -> None:
    """Show ``panel`` under every lesson the reader may open (registering ``name`` again
    replaces it)."""
    _registry.register(name=name, item=panel, order=order)


def lesson_panel_unregister(*, name: str) -> None:
    _registry.unregister(name=name)


def lesson_panels_registered() -> list[LessonPanel]:
    return _registry.items()
