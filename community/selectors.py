"""Reads of comments: a page's thread as a given reader sees it, and the moderation queue.

https://github.com/HackSoftware/Django-Styleguide#selectors
"""

from django.db.models import Prefetch

from wagtail.models import Page

from community.models import Comment


def comment_thread_for_page(*, page: Page, viewer=None) -> list[Comment]:
    """Top-level comments on ``page`` that ``viewer`` may see, oldest first, with replies.

    Visible means published, or pending and written by the viewer (marked "awaiting
    moderation" in the template). Each comment's visible replies are on ``visible_replies``.
    Two queries whatever the number of comments: one for the top level, one for all replies,
    each joined to its author.
    """
    visible = Comment.objects.visible_to(viewer).select_related("author")
    replies = visible.order_by("created_at", "pk")
    return list(
        visible.filter(page=page, parent__isnull=True)
        .order_by("created_at", "pk")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="visible_replies"))
    )


def comment_pending_count() -> int:
    """How many comments wait for an editor (the admin dashboard's summary)."""
    return Comment.objects.pending().count()
