"""The one hold rule for what readers write: article comments and lesson discussion posts.

A text waits for a moderator (``pending``) when it contains a link (anything a page would
render as one: ``http(s)://``, ``www.``, a bare domain, an email address, an ``<a>`` tag or a
Markdown link), or when its author's account is younger than
``COMMUNITY_NEW_ACCOUNT_HOURS``. Trusted people (those who may moderate the text in question)
publish directly. Comments (``community.services``) and discussion posts
(``community.discussions.services``) both ask ``ugc_held_reasons``, so the rule is changed
in one place.
"""

import re
from datetime import datetime, timedelta

from django.conf import settings

from community.rendering import urlize_ugc

HELD_FOR_LINK = "contains a link"
HELD_FOR_NEW_ACCOUNT = "new account"

# Links the urlizer would not turn into anchors but a reader's browser might still follow,
# and Markdown's inline and reference links (``[text](url)``, ``<url>``, ``[text]: url``).
_RAW_LINK_RE = re.compile(
    r"https?://|www\.|<\s*a[\s>]|\]\s*\(|\]\s*:|<[a-z][a-z0-9+.-]*:", re.IGNORECASE
)


def ugc_body_has_link(body: str) -> bool:
    """Whether the text holds a link: anything the page would render as one, or raw markup."""
    return bool(_RAW_LINK_RE.search(body)) or "<a " in urlize_ugc(body)


def ugc_held_reasons(*, author, body: str, now: datetime, trusted: bool) -> list[str]:
    """Why a new text must wait for a moderator; empty when it may go live at once."""
    if trusted:
        return []
    reasons = []
    if ugc_body_has_link(body):
        reasons.append(HELD_FOR_LINK)
    if author.date_joined > now - timedelta(hours=settings.COMMUNITY_NEW_ACCOUNT_HOURS):
        reasons.append(HELD_FOR_NEW_ACCOUNT)
    return reasons
