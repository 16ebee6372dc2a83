"""A signed-in reader's own pages, remembered for them alone until anything changes.

The pages students open every week (a lesson, the dashboard, a class's buy form, their API
twins) are personal: who may see the lesson, what they have done, their Kata entry, their
header. Rendering one costs ten times a one-query view, and rendering it again gives the
same bytes until something it shows changes. So a view opts in (``reader_cached`` on a
function view, ``reader_cache = True`` on a DRF view or a page type) and
``ReaderCacheMiddleware`` keeps its 200 response:

- **for that reader only**: the key is the user, the session (its key and contents), the
  host, the scheme, the path, the query and the ``Accept`` header. No one else, signed in
  or not, can ever be answered with it;
- **while nothing was written**: the entry carries ``cms.write_watch``'s token, read before
  rendering; any write to a watched table, by anyone, replaces the token on commit, so the
  next request renders afresh. A publish, a release, an enrollment, a refund, a post or a
  "Mark as done" is seen on the next request;
- **for ``READER_CACHE_SECONDS`` at most** (30): what changes with the clock alone (a join
  link opening 15 minutes before a live session, an edit window closing, "due in 2 days")
  shows within that time.

Not stored: responses other than 200, streaming ones, those that set a cookie of their own,
modify the session or add a message, and those that vary on request headers the key leaves
out. The copy keeps the view's ``Cache-Control`` (``private, no-store`` for browsers and
CDNs): it is the server's own memo of one reader's page, never an HTTP cache.

Not answered: anything but GET, anonymous readers (the page cache serves those), requests
with a pending message (it must be shown) and API calls that authenticate with a header (the
user is the header's, not the session's).

The forms' CSRF tokens are replaced by a placeholder when stored and filled with a freshly
masked token per response, so a copy never depends on the reader's CSRF cookie. A hit says
``X-Reader-Cache: hit``. When the cache is down, pages render as if nothing were stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token

from cms.write_watch import WRITES_KEY, writes_store_seen, writes_token

logger = logging.getLogger(__name__)

HEADER = "X-Reader-Cache"
_ENTRY_PREFIX = "readercache:entry:"
_MARK = "_reader_cache_mark"
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Last-Modified", "Cache-Control")
# The key covers these: a response varying on anything else is not stored.
_VARY_COVERED = {"cookie", "accept", "accept-encoding"}
_AUTH_HEADERS = ("HTTP_AUTHORIZATION", "HTTP_X_SESSION_TOKEN")
# A masked CSRF token: 64 letters and digits (django.middleware.csrf).
_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def reader_cached(view: Callable) -> Callable:
    """Let ``ReaderCacheMiddleware`` remember this function view's GETs per reader."""
    view.reader_cache = True
    return view


def reader_cache_seconds() -> int:
    return settings.READER_CACHE_SECONDS


def _opted_in(request: HttpRequest, view_func) -> bool:
    if getattr(view_func, "reader_cache", False):
        return True
    view_class = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
    if getattr(view_class, "reader_cache", False):
        return True
    # A Wagtail page reached through a remembered route (cms.page_cache): its type decides.
    route = getattr(request, "_wagtail_route_for_request", None)
    return route is not None and getattr(type(route[0]), "reader_cache", False)


def _answerable(request: HttpRequest) -> bool:
    if request.method != "GET" or reader_cache_seconds() <= 0:
        return False
    if any(request.META.get(name) for name in _AUTH_HEADERS):
        return False
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return len(get_messages(request)) == 0


def _entry_key(request: HttpRequest) -> str:
    session = request.session
    contents = json.dumps(dict(session.items()), sort_keys=True, default=str)
    raw = "|".join(
        (
            str(request.user.pk),
            session.session_key or "",
            hashlib.sha256(contents.encode()).hexdigest(),
            request.scheme,
            request.get_host(),
            request.path,
            repr(sorted(request.GET.lists())),
            request.META.get("HTTP_ACCEPT", ""),
        )
    )
    return _ENTRY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def reader_cache_lookup(*, request: HttpRequest, view_func) -> HttpResponse | None:
    """The reader's remembered response, or None (then the response may be stored)."""
    if not _opted_in(request, view_func) or not _answerable(request):
        return None
    key = _entry_key(request)
    try:
        found = cache.get_many([key, WRITES_KEY])
        entry, token = found.get(key), found.get(WRITES_KEY)
        if entry is not None and token is not None and entry["writes"] == token:
            return _response(request, entry)
        if token is None:
            token = writes_token()
    except Exception:
        logger.warning("reader cache unavailable: rendering without it", exc_info=True)
        return None
    setattr(request, _MARK, (key, token))
    return None


def _response(request: HttpRequest, entry: dict) -> HttpResponse:
    content = entry["content"]
    if entry["placeholder"]:
        content = content.replace(entry["placeholder"].encode(), get_token(request).encode())
    response = HttpResponse(content, status=200)
    for name, value in entry["headers"].items():
        response[name] = value
    response[HEADER] = "hit"
    return response


def reader_cache_store(*, request: HttpRequest, response: HttpResponse) -> None:
    mark = getattr(request, _MARK, None)
    if mark is None or not _storable(request, response):
        return
    key, token = mark
    content, placeholder = _without_csrf_tokens(request, response.content)
    entry = {
        "writes": token,
        "content": content,
        "placeholder": placeholder,
        "headers": {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)},
    }
    try:
        cache.set(key, entry, timeout=reader_cache_seconds())
    except Exception:
        logger.warning("reader cache unavailable: response not stored", exc_info=True)
        return
    writes_store_seen()
    response[HEADER] = "miss"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    if not vary <= _VARY_COVERED:
        return False
    if request.session.modified:
        return False
    messages = getattr(request, "_messages", None)
    return not getattr(messages, "added_new", False)


def _without_csrf_tokens(request: HttpRequest, content: bytes) -> tuple[bytes, str]:
    """The content with every CSRF token of this reader replaced by a fresh placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content, ""
    placeholder = secrets.token_hex(16)
    text = content.decode(errors="surrogateescape")

    def swap(match: re.Match) -> str:
        return placeholder if _unmask_cipher_token(match.group()) == secret else match.group()

    replaced = _TOKEN.sub(swap, text)
    if replaced == text:
        return content, ""
    return replaced.encode(errors="surrogateescape"), placeholder


class ReaderCacheMiddleware:
    """Last in ``MIDDLEWARE``: answers an opted-in view from the reader's copy
    (``process_view``, after URL resolution and Wagtail's remembered route) and stores the
    view's response for them."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        reader_cache_store(request=request, response=response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        return reader_cache_lookup(request=request, view_func=view_func)
