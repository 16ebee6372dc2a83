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
"""

import hashlib
import logging
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
SITE_WIDE = "site"  # the generation every entry carries besides its page's own
# Paths that are never Wagtail pages: the fetch middleware does not even look them up.
_NOT_PAGES = ("/admin/", "/django-admin/", "/api/", "/_allauth/", "/accounts/", "/healthz")
# Headers a cached copy keeps; the middleware around it adds the security headers again.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Last-Modified")


class CachedPageMixin:
    """Serve anonymous GETs of this page type from the cache (see the module docstring)."""

    #: Query parameters that change what the page shows; other parameters bypass the cache
    #: (a search ``?q=`` or tracking parameters would otherwise fill it with one-off copies).
    page_cache_query_params: tuple[str, ...] = ()

    def serve(self, request, *args, **kwargs):
        page_cache_mark_request(request=request, page=self)
        return super().serve(request, *args, **kwargs)


def page_cache_seconds() -> int:
    return settings.PAGE_CACHE_SECONDS


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
    setattr(request, _REQUEST_ATTRIBUTE, (page.pk, generation))


def page_cache_store(*, request: HttpRequest, response: HttpResponse) -> None:
    mark = getattr(request, _REQUEST_ATTRIBUTE, None)
    if mark is None or response.has_header(HEADER):
        return
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or "private" in response.get("Cache-Control", "")
        or "no-store" in response.get("Cache-Control", "")
    ):
        return
    page_id, generation = mark
    entry = {
        "page_id": page_id,
        "generation": generation,
        "content": response.content,
        "headers": {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)},
    }
    try:
        cache.set(_entry_key(request), entry, timeout=page_cache_seconds())
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
    """The page and every page that may show it: its ancestors, siblings and children.

    An index lists its children, an article lists related siblings, a child shows its
    parent's title in the breadcrumb, and a course outline lists lessons two levels down.
    A site's root or a page just below it may be in every page's header menu.
    """
    ids: set[int | str] = {page.pk}
    ancestors = list(page.get_ancestors().values_list("pk", flat=True))
    ids.update(ancestors)
    ids.update(page.get_siblings(inclusive=False).values_list("pk", flat=True))
    ids.update(page.get_children().values_list("pk", flat=True))
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


class PageCacheStoreMiddleware:
    """Outermost middleware: stores the final response of a page marked as cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page_cache_store(request=request, response=response)
        return response


class PageCacheFetchMiddleware:
    """After authentication and messages: answers an anonymous reader from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return page_cache_lookup(request=request) or self.get_response(request)


# --- Signal handlers, connected in CmsConfig.ready() -------------------------------------------


def purge_on_publish_change(sender, instance, **kwargs) -> None:
    """``page_published`` / ``page_unpublished`` (deleting a live page unpublishes it first)."""
    page_cache_purge(page_ids=page_cache_dependent_ids(page=instance))


def purge_on_move(sender, instance, parent_page_before, parent_page_after, **kwargs) -> None:
    """``post_page_move``: the old listing loses the page, the new one gains it."""
    ids = page_cache_dependent_ids(page=instance)
    ids.update(page_cache_dependent_ids(page=parent_page_before))
    page_cache_purge(page_ids=ids | {parent_page_after.pk})
