"""Receivers connected in ``CommunityConfig.ready()``: wiring to other apps, no business rules."""

from cms.page_cache import page_cache_purge


def purge_cached_page_on_comment_change(sender, *, page_id: int, **kwargs) -> None:
    """Anonymous readers get cached article pages: drop the copy when its comments change.

    Without this a comment approved by an editor would appear, and a rejected one would
    vanish, only when the cached copy expires (``PAGE_CACHE_SECONDS``).
    """
    page_cache_purge(page_ids=[page_id])
