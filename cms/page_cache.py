"""Whole-page cache for anonymous readers of editorial pages, purged when editors publish.

Django's per-site cache (https://docs.djangoproject.com/en/5.2/topics/cache/#the-per-site-cache)
keys responses on URL and cookies and cannot forget one page. Here:

- a page type opts in with ``CachedPageMixin``; its ``serve`` marks the request as cacheable
  and records the page's *generation* token before rendering;
- ``PageCacheStoreMiddleware`` (first in ``MIDDLEWARE``, so it sees the final response and
  every cookie the other middleware set) stores a 200 response under site + path + query,
  tagged with that page id and generation;
- ``PageCacheFetchMiddleware`` (after authentication and messages) answers an anonymous GET
  from the cache before Wagtail routes the URL, so a hit costs no database query;
- publishing, unpublishing, deleting or moving a page replaces the generation of that page and
  of the pages that list it (above, beside and below it in the tree), so every cached variant
  (``?page=2``, ``?tag=kata``) goes stale at once, without scanning keys. Purges run on commit:
  a reader who renders the old content before the commit stores it under the old generation.
  A page at the top of a site (the header menu lists those) also replaces the site-wide
  generation every cached page carries.

The cache is a convenience, never a dependency: when the cache server is down, pages are
rendered as if nothing were cached (and a warning is logged).

Responses are never stored for signed-in users, for visitors with unread messages, when the
response sets a cookie (a ``{% csrf_token %}`` in the page sets the CSRF cookie, so a page that
holds a per-visitor token is never shared), or for pages with view restrictions.

To opt another page type in (for example a course outline)::

    class CoursePage(CachedPageMixin, Page):
        page_cache_query_params = ("tab",)  # the query parameters that vary the page

Pages that list it elsewhere in the tree can call ``page_cache_purge(pages=[...])``.

Two more things live on the same generations, for signed-in readers too (nothing personal is
ever stored; what differs per reader is computed on every request):

- the *route*: ``/product-management/week-1/lesson/`` -> the specific page instance and its
  site, stored when an opted-in page answered 200. ``PageCacheFetchMiddleware`` hands it to
  Wagtail (``request._wagtail_route_for_request``), which then skips its per-level ``route``
  queries and ``.specific``. A route is stored only for pages without view restrictions, and
  any change to a view restriction or a site replaces the site-wide generation.
- ``page_cache_memo``: any value derived from published content (a lesson's breadcrumb and
  pager, its rendered body, the site menu), valid while the generations it names are current.
"""

import hashlib
import logging
import pickle
import uuid
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from wagtail.models import Page, Site

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
_REQUEST_ATTRIBUTE = "_page_cache_mark"
_ENTRY_PREFIX = "pagecache:entry:"
_GENERATION_PREFIX = "pagecache:generation:"
_ROUTE_PREFIX = "pagecache:route:"
_MEMO_PREFIX = "pagecache:memo:"
_ROUTE_ATTRIBUTE = "_page_cache_route_mark"
_FAST_ROUTE_ATTRIBUTE = "_page_cache_routed"
SITE_WIDE = "site"  # the generation every entry carries besides its page's own
# Paths that are never Wagtail pages: the fetch middleware does not even look them up.
_NOT_PAGES = ("/admin/", "/django-admin/", "/api/", "/_allauth/", "/accounts/", "/healthz")
# Headers a cached copy keeps; the middleware around it adds the security headers again.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Last-Modified", "Cache-Control")


class CachedPageMixin:
    """Serve anonymous GETs of this page type from the cache (see the module docstring)."""

    #: Query parameters that change what the page shows; other parameters bypass the cache
    #: (a search ``?q=`` or tracking parameters would otherwise fill it with one-off copies).
    page_cache_query_params: tuple[str, ...] = ()
    #: How long an anonymous copy may live at most (None: ``PAGE_CACHE_SECONDS``). A page that
    #: shows counts other people change (seats left) sets a short time instead of purging.
    page_cache_max_seconds: int | None = None
    #: The page sends ``Cache-Control: private`` to keep CDNs from mixing anonymous and
    #: signed-in readers, yet every anonymous reader sees the same page: store it anyway.
    page_cache_private_for_cdn: bool = False

    def serve(self, request, *args, **kwargs):
        page_cache_mark_request(request=request, page=self)
        page_cache_mark_route(request=request, page=self)
        return super().serve(request, *args, **kwargs)


def page_cache_seconds() -> int:
    return settings.PAGE_CACHE_SECONDS


def _entry_seconds(page) -> int:
    limit = getattr(page, "page_cache_max_seconds", None)
    return min(page_cache_seconds(), limit) if limit else page_cache_seconds()


def _generation_key(page_id: int | str) -> str:
    return f"{_GENERATION_PREFIX}{page_id}"


def _entry_key(request: HttpRequest) -> str:
    query = sorted(request.GET.lists())
    raw = f"{request.get_host()}|{request.path}|{query!r}"
    return _ENTRY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def page_cache_generation(*, page_id: int) -> tuple[str, str]:
    """The page's and the site-wide generation tokens, created when the cache has none."""
    keys = [_generation_key(page_id), _generation_key(SITE_WIDE)]
    tokens = cache.get_many(keys)
    for key in keys:
        if key not in tokens:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            tokens[key] = cache.get(key)
    return tokens[keys[0]], tokens[keys[1]]


def _is_current(page_id: int, generation: tuple[str, str]) -> bool:
    keys = [_generation_key(page_id), _generation_key(SITE_WIDE)]
    tokens = cache.get_many(keys)
    return (tokens.get(keys[0]), tokens.get(keys[1])) == tuple(generation)


def _is_anonymous_reader(request: HttpRequest) -> bool:
    if request.method != "GET":
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    # A pending message must be shown by a fresh rendering, not swallowed by a cached copy.
    return len(get_messages(request)) == 0


def page_cache_mark_request(*, request: HttpRequest, page: CachedPageMixin) -> None:
    """Record that this response may be cached for the page, if the request allows it."""
    if page_cache_seconds() <= 0 or not _is_anonymous_reader(request):
        return
    if any(name not in page.page_cache_query_params for name in request.GET):
        return
    if page.get_view_restrictions().exists():
        return
    try:
        generation = page_cache_generation(page_id=page.pk)
    except Exception:
        logger.warning("page cache unavailable: rendering without it", exc_info=True)
        return
    private_ok = getattr(page, "page_cache_private_for_cdn", False)
    setattr(request, _REQUEST_ATTRIBUTE, (page.pk, generation, _entry_seconds(page), private_ok))


def page_cache_store(*, request: HttpRequest, response: HttpResponse) -> None:
    mark = getattr(request, _REQUEST_ATTRIBUTE, None)
    if mark is None or response.has_header(HEADER):
        return
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or ("private" in response.get("Cache-Control", "") and not mark[3])
        or "no-store" in response.get("Cache-Control", "")
    ):
        return
    page_id, generation, seconds, _ = mark
    entry = {
        "page_id": page_id,
        "generation": generation,
        "content": response.content,
        "headers": {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)},
    }
    try:
        cache.set(_entry_key(request), entry, timeout=seconds)
    except Exception:
        logger.warning("page cache unavailable: response not stored", exc_info=True)
        return
    response[HEADER] = "miss"


def page_cache_lookup(*, request: HttpRequest) -> HttpResponse | None:
    """The cached response for this request, or None when it is missing or stale."""
    if request.path.startswith(_NOT_PAGES):
        return None
    if page_cache_seconds() <= 0 or not _is_anonymous_reader(request):
        return None
    try:
        entry = cache.get(_entry_key(request))
        if entry is None or not _is_current(entry["page_id"], entry["generation"]):
            return None
    except Exception:
        logger.warning("page cache unavailable: rendering without it", exc_info=True)
        return None
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"].items():
        response[name] = value
    response[HEADER] = "hit"
    return response


def page_cache_dependent_ids(*, page: Page) -> set[int | str]:
    """The page and every page that may show it: its ancestors, siblings and two levels below.

    An index lists its children, an article lists related siblings, a child shows its
    parent's title in the breadcrumb, a course outline lists lessons two levels down and a
    lesson shows its course's title. A site's root or a page just below it may be in every
    page's header menu.
    """
    ids: set[int | str] = {page.pk}
    ancestors = list(page.get_ancestors().values_list("pk", flat=True))
    ids.update(ancestors)
    ids.update(page.get_siblings(inclusive=False).values_list("pk", flat=True))
    ids.update(
        Page.objects.descendant_of(page)
        .filter(depth__lte=page.depth + 2)
        .values_list("pk", flat=True)
    )
    if Site.objects.filter(root_page_id__in=[page.pk, *ancestors[-1:]]).exists():
        ids.add(SITE_WIDE)
    return ids


def page_cache_purge(*, pages: Iterable[Page] = (), page_ids: Iterable[int | str] = ()) -> None:
    """Make every cached copy of these pages stale, once the current transaction commits."""
    ids = {page.pk for page in pages} | set(page_ids)
    if ids:
        transaction.on_commit(partial(_replace_generations, frozenset(ids)))


def _replace_generations(page_ids: frozenset[int | str]) -> None:
    try:
        cache.set_many({_generation_key(pk): uuid.uuid4().hex for pk in page_ids}, timeout=None)
    except Exception:
        # Nothing is served from a cache that is down; copies made before it went down
        # expire after PAGE_CACHE_SECONDS at the latest.
        logger.error("page cache purge failed for pages %s", sorted(map(str, page_ids)))


# --- Routes and memos: shared by every reader, never personal ---------------------------------


def _route_key(request: HttpRequest) -> str:
    raw = f"{request.get_host()}|{request.path}"
    return _ROUTE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def page_cache_mark_route(*, request: HttpRequest, page: Page) -> None:
    """Remember this page as the answer to this path once it renders a 200 (any reader)."""
    if (
        page_cache_seconds() <= 0
        or request.method != "GET"
        or getattr(request, _FAST_ROUTE_ATTRIBUTE, False)
        or getattr(request, "is_preview", False)
        or not page.live
    ):
        return
    site = getattr(request, "_wagtail_site", None)
    if site is None or page.get_view_restrictions().exists():
        return
    try:
        generation = page_cache_generation(page_id=page.pk)
    except Exception:
        logger.warning("page cache unavailable: route not stored", exc_info=True)
        return
    # Pickled now, before rendering can hang anything about this reader on the instance.
    setattr(request, _ROUTE_ATTRIBUTE, (page.pk, pickle.dumps(page), site, generation))


def page_cache_store_route(*, request: HttpRequest, response: HttpResponse) -> None:
    mark = getattr(request, _ROUTE_ATTRIBUTE, None)
    if mark is None or response.status_code != 200:
        return
    page_id, page, site, generation = mark
    entry = {"page_id": page_id, "generation": generation, "page": page, "site": site}
    try:
        cache.set(_route_key(request), entry, timeout=page_cache_seconds())
    except Exception:
        logger.warning("page cache unavailable: route not stored", exc_info=True)


def page_cache_route(*, request: HttpRequest) -> None:
    """Hand Wagtail the page this path was answered with, if that is still current.

    Wagtail's ``serve`` view reads ``request._wagtail_route_for_request`` before routing
    (``Page.route_for_request``), so a current route costs no query; the page's own
    ``serve`` (with its access checks) runs as usual.
    """
    if request.method != "GET" or request.path.startswith(_NOT_PAGES):
        return
    if page_cache_seconds() <= 0:
        return
    page_cache_remember_site(request)
    try:
        entry = cache.get(_route_key(request))
        if entry is None or not _is_current(entry["page_id"], entry["generation"]):
            return
    except Exception:
        logger.warning("page cache unavailable: routing without it", exc_info=True)
        return
    request._wagtail_site = entry["site"]
    # Our own cache, pickled by us: the same trust as Django's cache, which pickles too.
    page = pickle.loads(entry["page"])  # noqa: S301
    request._wagtail_route_for_request = (page, [], {})
    setattr(request, _FAST_ROUTE_ATTRIBUTE, True)


def page_cache_remember_site(request: HttpRequest) -> None:
    """Wagtail looks the site up by host and port on every request (one query): remember it.

    Pages get this from the fetch middleware; an API view that builds page URLs calls it."""
    site = page_cache_memo(
        name=f"site|{request.get_host()}|{request.get_port()}",
        page_ids=(),
        compute=lambda: Site.find_for_request(request),
    )
    if site is not None:
        request._wagtail_site = site


def page_cache_on_serve_page(callback):
    """Wagtail ``on_serve_page`` hook, outermost: a page reached through a stored route has no
    view restriction (routes are stored only for such pages, and any restriction change
    makes every route stale), so Wagtail's per-request restriction check is skipped."""

    def inner(page, request, args, kwargs):
        if getattr(request, _FAST_ROUTE_ATTRIBUTE, False):
            return page.serve(request, *args, **kwargs)
        return callback(page, request, args, kwargs)

    return inner


def page_cache_memo(*, name: str, page_ids: Iterable[int | str], compute):
    """``compute()``, remembered while the generations of ``page_ids`` (and the site) hold.

    For values derived only from published content, the same for every reader. When the
    cache is down the value is computed every time.
    """
    ids = sorted({*page_ids, SITE_WIDE}, key=str)
    gen_keys = [_generation_key(pk) for pk in ids]
    key = _MEMO_PREFIX + hashlib.sha256(name.encode()).hexdigest()
    try:
        found = cache.get_many([key, *gen_keys])
        tokens = tuple(found.get(k) for k in gen_keys)
        entry = found.get(key)
        if entry is not None and None not in tokens and entry[0] == tokens:
            return entry[1]
    except Exception:
        logger.warning("page cache unavailable: computing %s", name, exc_info=True)
        return compute()
    try:
        if None in tokens:  # read before computing: a publish meanwhile makes the copy stale
            tokens = tuple(page_cache_generation(page_id=pk)[0] for pk in ids)
    except Exception:
        logger.warning("page cache unavailable: computing %s", name, exc_info=True)
        return compute()
    value = compute()
    try:
        cache.set(key, (tokens, value), timeout=page_cache_seconds())
    except Exception:
        logger.warning("page cache unavailable: %s not stored", name, exc_info=True)
    return value


class PageCacheStoreMiddleware:
    """Outermost middleware: stores the final response of a page marked as cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page_cache_store(request=request, response=response)
        page_cache_store_route(request=request, response=response)
        return response


class PageCacheFetchMiddleware:
    """After authentication and messages: answers an anonymous reader from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = page_cache_lookup(request=request)
        if response is not None:
            return response
        page_cache_route(request=request)
        return self.get_response(request)


# --- Signal handlers, connected in CmsConfig.ready() -------------------------------------------


def purge_on_publish_change(sender, instance, **kwargs) -> None:
    """``page_published`` / ``page_unpublished`` (deleting a live page unpublishes it first)."""
    page_cache_purge(page_ids=page_cache_dependent_ids(page=instance))


def purge_on_move(sender, instance, parent_page_before, parent_page_after, **kwargs) -> None:
    """``post_page_move``: the old listing loses the page, the new one gains it."""
    ids = page_cache_dependent_ids(page=instance)
    ids.update(page_cache_dependent_ids(page=parent_page_before))
    page_cache_purge(page_ids=ids | {parent_page_after.pk})


def purge_everything(sender, **kwargs) -> None:
    """A view restriction or a site changed: every route, menu and copy may be wrong."""
    page_cache_purge(page_ids=[SITE_WIDE])
