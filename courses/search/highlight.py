"""Mark the searched words in a passage, safely: the text is escaped, only ``<mark>`` is ours.

The backend matches stemmed words on PostgreSQL ("discussing" finds "discussion"), so a
searched word is marked wherever a word starts with its stem (its common English ending cut).
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_ENDINGS = ("ations", "ation", "ings", "ing", "ions", "ion", "ies", "es", "ed", "ly", "s")
MIN_STEM = 3


def _stem(word: str) -> str:
    word = word.lower()
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def highlight_terms(*, text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, each word starting with a searched word's stem wrapped in ``<mark>``."""
    stems = sorted({_stem(term) for term in terms if term.strip()}, key=len, reverse=True)
    if not stems:
        return mark_safe(escape(text))  # noqa: S308 - escaped on this line
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.I)
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above
