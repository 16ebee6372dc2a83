"""Extension point: the sections that sell the course on the home page.

The home page belongs to ``cms``, which imports no app above it (docs/architecture.md,
"Which way the imports point"), yet what sells the course lives above it: the next classes
open and what you will learn (``courses``), their prices (``payments``, through the course's
own ``courses.cohort_panels``). So an app registers a section here from its
``AppConfig.ready()``, and the home page renders every registered section with
``{% home_sections %}`` (``editorial_tags``), in ``order`` (lowest first, then by name),
between the hero and the graduates' spotlights.

A section is a function called with keyword arguments ``context`` (the home page's template
context, with ``request`` and ``page``) and returns HTML, possibly empty; anything not marked
safe is escaped. It runs for each render of the home page (anonymous readers get a cached
copy for ``HomePage.page_cache_max_seconds``), so it must cost a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template import Context

HomeSection = Callable[..., str]


@dataclass(frozen=True)
class _Entry:
    order: int
    name: str
    section: HomeSection


_entries: dict[str, _Entry] = {}


def home_section_register(*, name: str, section: HomeSection, order: int = 50) -> None:
    """Show ``section(context=...)`` on the home page. Registering ``name`` again replaces it."""
    _entries[name] = _Entry(order=order, name=name, section=section)


def home_section_unregister(*, name: str) -> None:
    _entries.pop(name, None)


def home_sections_render(*, context: Context) -> list[str]:
    """Every registered section's HTML for this render, in order, the empty ones left out."""
    html = []
    for entry in sorted(_entries.values(), key=lambda entry: (entry.order, entry.name)):
        part = entry.section(context=context)
        if part:
            html.append(part)
    return html
