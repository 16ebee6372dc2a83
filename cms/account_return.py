"""Where a visitor was going when they were asked to sign in: kept in their session until
they are signed in, through sign-up, email verification and sign-in.

allauth carries ``?next=`` from the sign-in page to the sign-up page, but not through the
verification email: its link opens a confirmation page, then the sign-in page without a
``next``, and the visitor lands on ``LOGIN_REDIRECT_URL``. A page that sends a visitor to
sign in in the middle of something (the buy page, with a class, tier, seats and code
chosen) calls ``account_return_remember`` with the URL that brings them back to it; the
account adapter (``cms.account_adapter``) sends them there after their next sign-in, and
forgets it. The session is the server's (a signed-in user's session keeps what the
anonymous one held: Django cycles the key, not the data).
"""

from __future__ import annotations

import time

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "account_return_to"
# A choice made days ago is stale: after this long, sign-in goes to the usual place.
RETURN_SECONDS = 2 * 24 * 3600


def _safe(request: HttpRequest, url: str) -> bool:
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def account_return_remember(request: HttpRequest, *, url: str) -> None:
    """Send the visitor back to ``url`` (a path on this site) after they sign in."""
    if _safe(request, url):
        request.session[SESSION_KEY] = {"url": url, "at": int(time.time())}


def account_return_pop(request: HttpRequest) -> str:
    """The remembered URL, forgotten as it is read ("" if none, stale or unsafe)."""
    session = getattr(request, "session", None)
    if session is None:
        return ""
    remembered = session.pop(SESSION_KEY, None) or {}
    url = remembered.get("url") or ""
    fresh = int(time.time()) - int(remembered.get("at") or 0) <= RETURN_SECONDS
    return url if url and fresh and _safe(request, url) else ""


__all__ = ["RETURN_SECONDS", "SESSION_KEY", "account_return_pop", "account_return_remember"]
