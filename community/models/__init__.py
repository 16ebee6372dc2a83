"""Models of the ``community`` app, one module per concern, re-exported here."""

from .comments import COMMENT_MAX_LENGTH, Comment

__all__ = ["COMMENT_MAX_LENGTH", "Comment"]
