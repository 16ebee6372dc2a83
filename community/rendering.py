"""How a comment's plain text becomes HTML: escaped, paragraphs kept, links marked as UGC.

Readers' links get ``rel="nofollow ugc"`` so search engines neither follow nor credit them
(https://developers.google.com/search/docs/crawling-indexing/qualify-outbound-links). The
same urlizer decides what counts as "contains a link" for moderation, so a comment that
would render a link is always one an editor has seen.
"""

from django.utils.html import Urlizer, linebreaks
from django.utils.safestring import SafeString, mark_safe


class UgcUrlizer(Urlizer):
    """Django's urlizer with ``rel="nofollow ugc"`` on every link it makes."""

    url_template = '<a href="{href}" rel="nofollow ugc">{url}</a>'


_urlizer = UgcUrlizer()


def urlize_ugc(text: str) -> SafeString:
    """Escape ``text`` and turn its URLs and email addresses into UGC links."""
    return mark_safe(_urlizer(text, trim_url_limit=60, autoescape=True))  # noqa: S308


def comment_body_html(text: str) -> SafeString:
    """The comment as HTML: escaped, URLs linked, blank lines as paragraphs."""
    return mark_safe(linebreaks(urlize_ugc(text), autoescape=False))  # noqa: S308
