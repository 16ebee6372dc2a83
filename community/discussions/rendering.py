"""A post's Markdown subset as safe HTML: Python-Markdown, then the Ammonia sanitiser (nh3).

The subset: paragraphs, emphasis, inline code and code blocks, lists, and links. Markdown
lets raw HTML through, so whatever it makes is cleaned by ``nh3`` with an allow-list of those
tags only, ``http``/``https``/``mailto`` links only (``javascript:`` and the like are
dropped) and ``rel="nofollow ugc"`` on every link. Raw HTML in a post therefore never reaches
a page: Markdown's HTML passthrough is switched off, so it shows as the text the author typed.
"""

from functools import lru_cache

import markdown
import nh3
from markdown.extensions import Extension

from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "em", "strong", "code", "pre", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


class _NoRawHtml(Extension):
    """Markdown without its raw-HTML passthrough: ``<b>`` in a post is text, escaped."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.deregister("entity")


@lru_cache(maxsize=4096)
def post_body_html(text: str) -> SafeString:
    """Render a post: the Markdown subset with raw HTML escaped, then sanitised by nh3.

    A pure function of the text, so each process remembers its last few thousand answers:
    a page of a busy discussion would otherwise run Markdown for every post on every view
    (the same text always renders the same, whoever wrote or reads it)."""
    rendered = markdown.markdown(
        text, extensions=[_NoRawHtml(), "sane_lists"], output_format="html"
    )
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow ugc noopener",
    )
    return mark_safe(cleaned)  # noqa: S308 (cleaned by nh3 above)
