"""Extension point: the links a signed-in person sees in the site header.

The header belongs to ``cms``, which imports no app above it (docs/architecture.md, "Which way
the imports point"). The apps that know what a person has (a dashboard, orders, a team, unread
notifications) register a function here from their ``AppConfig.ready()``; the header renders
every registered function's links with ``{% account_menu_links %}`` (``editorial_tags``), in
``order`` (lowest first, then by name).

A links function is called with the request of a signed-in person and returns the links to
show them, possibly none: "My team" only for team owners, "Notifications" with an unread
count. It runs on every signed-in page, so it must cost at most one query and should cost
none for people it shows nothing to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

from cms import request_cache
from engine.registry import OrderedRegistry


@dataclass(frozen=True)
class MenuLink:
    """One header link: its label, where it goes, and an optional count badge."""

    label: str
    url: str
    badge: int | None = None
    badge_label: str = ""

    def current(self, path: str) -> bool:
        return path == self.url or (self.url != "/" and path.startswith(self.url))


MenuLinks = Callable[[HttpRequest], Sequence[MenuLink]]
CacheKeys = Callable[[int], Sequence[str]]


_registry: OrderedRegistry[MenuLinks] = OrderedRegistry()
_cache_keys: dict[str, CacheKeys] = {}


def account_menu_register(
    *, name: str, links: MenuLinks, order: int = 50, cache_keys: CacheKeys | None = None
) -> None:
    """Show ``links(request)`` in the signed-in header (registering ``name`` again replaces it).

    ``cache_keys(user_id)`` names the cache keys ``links`` reads for that person: the header
    fetches every registered function's keys in one round trip before calling them."""
    _registry.register(name=name, item=links, order=order)
    _cache_keys.pop(name, None)
    if cache_keys is not None:
        _cache_keys[name] = cache_keys


def account_menu_unregister(*, name: str) -> None:
    _registry.unregister(name=name)
    _cache_keys.pop(name, None)


def _prefetch(request: HttpRequest) -> None:
    """One ``get_many`` of the keys the links functions are about to read one by one; it only
    pays where reads are remembered for the request (``cms.request_cache``)."""
    if not _cache_keys or not request_cache.remembered(cache):
        return
    keys = [key for keys_of in _cache_keys.values() for key in keys_of(request.user.pk)]
    cache.get_many(keys)


def account_menu_for(request: HttpRequest) -> list[MenuLink]:
    """Every registered link for this signed-in request, in order, each URL at most once."""
    _prefetch(request)
    seen: set[str] = set()
    links: list[MenuLink] = []
    for links_of in _registry.items():
        for link in links_of(request):
            if link.url not in seen:
                seen.add(link.url)
                links.append(link)
    return links


@dataclass(frozen=True)
class HeaderSearch:
    """The search box of the signed-in header: where it submits (a URL name) and its label."""

    url_name: str
    label: str


_header_search: list[HeaderSearch] = []


def header_search_register(*, url_name: str, label: str) -> None:
    """Show a search box (``?q=``) submitting to ``url_name`` in the signed-in header."""
    _header_search[:] = [HeaderSearch(url_name=url_name, label=label)]


def header_search() -> HeaderSearch | None:
    return _header_search[0] if _header_search else None
