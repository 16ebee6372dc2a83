"""Signals sent by the community app (receivers are connected in ``CommunityConfig.ready()``).

``comments_changed`` is sent after commit whenever what readers see in a page's comments
changes (a comment published, approved, or taken down): the page cache purges that page.
Arguments: ``page_id`` and ``comment_id``.
"""

from django.dispatch import Signal

comments_changed = Signal()
